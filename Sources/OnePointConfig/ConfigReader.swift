import OnePointDomain

/// Decodes and checks the text of each configuration file on its own.
///
/// `file` only names the source in error messages. Every function throws a ``ConfigError``
/// naming the file, the key path (e.g. `sla.provisioning.limitWorkingDays.silver`), the line and
/// what is wrong. To read a whole folder use ``DomainConfiguration/load(directory:)``.
public enum ConfigReader {
    /// The calendar and working hours of a `calendar.yaml` text.
    public static func calendar(yaml: String, file: String = ConfigFile.calendar.fileName) throws(ConfigError)
        -> CalendarConfiguration
    {
        try YAMLDocument.decode(CalendarDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }

    /// The years of a calendar file for `onepoint calendar load` (`calendar.years`, as in
    /// `calendar.yaml`), checked by the same rules as `calendar.yaml`'s years and reported the
    /// same way: file, line, key path and problem, e.g.
    /// `calendar-2027.yaml:9: calendar.years[0].daysOff[1]: calendar year 2027: 2027-02-30 is not a date (…)`.
    public static func calendarYears(yaml: String, file: String) throws(ConfigError) -> [CalendarYear] {
        try YAMLDocument.decode(CalendarYearsDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.years()
        }
    }

    /// The SLA policy and level quotas of an `sla.yaml` text.
    public static func sla(yaml: String, file: String = ConfigFile.sla.fileName) throws(ConfigError) -> SLAConfiguration {
        try YAMLDocument.decode(SLADocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }

    /// The organisation of a `topology.yaml` text.
    public static func topology(yaml: String, file: String = ConfigFile.topology.fileName) throws(ConfigError) -> Topology {
        try topologyConfiguration(yaml: yaml, file: file).topology
    }

    /// The organisation of a `topology.yaml` text and its coordination policies
    /// (`topology.coordination`).
    public static func topologyConfiguration(yaml: String, file: String = ConfigFile.topology.fileName) throws(ConfigError)
        -> TopologyConfiguration
    {
        try YAMLDocument.decode(TopologyDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }

    /// The test pass conditions of a `test-thresholds.yaml` text.
    public static func testThresholds(yaml: String, file: String = ConfigFile.testThresholds.fileName) throws(ConfigError)
        -> TestThresholds
    {
        try YAMLDocument.decode(TestThresholdsDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.thresholds()
        }
    }

    /// The assessment policy of an `assessment.yaml` text.
    ///
    /// - Parameter minutesPerWorkingDay: the length of a working day (480 with 09:00–12:00 and
    ///   13:00–18:00), to turn steps given in working days into working minutes.
    public static func assessment(
        yaml: String, file: String = ConfigFile.assessment.fileName, minutesPerWorkingDay: Int
    ) throws(ConfigError) -> AssessmentPolicy {
        try YAMLDocument.decode(AssessmentDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.policy(minutesPerWorkingDay: minutesPerWorkingDay)
        }
    }

    /// The text of `file`, read as UTF-8.
    ///
    /// - Throws: ``ConfigError/Code/fileNotFound`` or ``ConfigError/Code/unreadableFile``.
    public static func read(file: String) throws(ConfigError) -> String {
        try YAMLDocument.read(file)
    }
}
