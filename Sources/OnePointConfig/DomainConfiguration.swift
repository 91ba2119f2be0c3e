import Foundation
import OnePointDomain

/// Everything the domain needs from configuration, read from one folder and checked.
///
/// ```swift
/// let configuration = try DomainConfiguration.load(directory: "config")
/// let limit = try configuration.sla.limit(for: .provisioning, level: .silver)
/// let due = try configuration.clock.deadline(for: limit, start: dispatched)
/// ```
///
/// The folder holds the files of ``ConfigFile``. Invalid configuration is a ``ConfigError``
/// naming the file, the key path and what is wrong; a worker should refuse to start on it.
public struct DomainConfiguration: Sendable {
    /// The folder the files were read from, as given.
    public let directory: String
    /// Which days are working days (`calendar.yaml`).
    public let calendar: WorkingCalendar
    /// The working periods of a working day (`calendar.yaml`).
    public let hours: WorkingHours
    /// Every limit, interval, lead time and ladder (`sla.yaml`).
    public let sla: SLAPolicy
    /// The Diamond and Silver quotas (`sla.yaml`).
    public let levelQuota: LevelQuota
    /// The complaint clocks (`sla.yaml` `complaints`).
    public let complaints: ComplaintPolicy
    /// HQ, provinces and cities (`topology.yaml`).
    public let topology: Topology
    /// Who coordinates business that is not cross-domain, as each province decided
    /// (`topology.yaml`, `topology.coordination`).
    public let coordination: CoordinationPolicies
    /// Pass conditions of service tests (`test-thresholds.yaml`).
    public let testThresholds: TestThresholds
    /// The scoring rules of the monthly assessment (`assessment.yaml`).
    public let assessment: AssessmentPolicy
    /// Who may act on what and how far into the future a command may be dated
    /// (`security.yaml`; the default when the folder has none).
    public let commands: CommandPolicy

    /// Assembles a configuration from values already checked.
    public init(
        directory: String, calendar: CalendarConfiguration, sla: SLAConfiguration, topology: Topology,
        testThresholds: TestThresholds, assessment: AssessmentPolicy, coordination: CoordinationPolicies = .default,
        commands: CommandPolicy = .default
    ) {
        self.commands = commands
        self.coordination = coordination
        self.directory = directory
        self.calendar = calendar.calendar
        self.hours = calendar.hours
        self.sla = sla.policy
        self.levelQuota = sla.levelQuota
        self.complaints = sla.complaints
        self.topology = topology
        self.testThresholds = testThresholds
        self.assessment = assessment
    }

    /// The working clock of ``calendar`` and ``hours``.
    public var clock: WorkingClock { WorkingClock(calendar: calendar, hours: hours) }

    /// The path of `file` in ``directory``, as error messages name it.
    public func path(of file: ConfigFile) -> String { file.path(in: directory) }

    /// Reads and checks every file of ``ConfigFile`` in `directory`.
    ///
    /// - Throws: the first ``ConfigError`` found, files taken in the order calendar, SLA,
    ///   topology, test thresholds, assessment; ``ConfigError/Code/fileNotFound`` naming the
    ///   folder when it does not exist.
    public static func load(directory: String = "config") throws(ConfigError) -> DomainConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError(
                .fileNotFound, file: directory,
                message: "no such configuration folder; give the folder that holds \(ConfigFile.calendar) and the other files")
        }
        func text(_ file: ConfigFile) throws(ConfigError) -> (path: String, yaml: String) {
            let path = file.path(in: directory)
            return (path, try ConfigReader.read(file: path))
        }
        let calendarFile = try text(.calendar)
        let calendar = try ConfigReader.calendar(yaml: calendarFile.yaml, file: calendarFile.path)
        let slaFile = try text(.sla)
        let sla = try ConfigReader.sla(yaml: slaFile.yaml, file: slaFile.path)
        let topologyFile = try text(.topology)
        let topology = try ConfigReader.topologyConfiguration(yaml: topologyFile.yaml, file: topologyFile.path)
        let thresholdsFile = try text(.testThresholds)
        let thresholds = try ConfigReader.testThresholds(yaml: thresholdsFile.yaml, file: thresholdsFile.path)
        let assessmentFile = try text(.assessment)
        let assessment = try ConfigReader.assessment(
            yaml: assessmentFile.yaml, file: assessmentFile.path, minutesPerWorkingDay: calendar.hours.minutesPerDay)
        let commands = try SecurityConfiguration.load(directory: directory)
        if commands.unitTopics {
            try checkUnitTopics(topology.topology, topologyFile: topologyFile.path, securityFile: SecurityConfiguration.path(in: directory))
        }
        return DomainConfiguration(
            directory: directory, calendar: calendar, sla: sla, topology: topology.topology, testThresholds: thresholds,
            assessment: assessment, coordination: topology.coordination, commands: commands)
    }

    /// With `commands.unitTopics` on, every unit names topics of its own
    /// (`onepoint.<unit>.ticket-commands`, …): refuses a unit id that cannot be part of a Kafka
    /// topic name (``UnitID/canNameTopic``).
    ///
    /// - Throws: ``ConfigError`` naming the setting and the first such unit.
    static func checkUnitTopics(_ topology: Topology, topologyFile: String, securityFile: String) throws(ConfigError) {
        for unit in topology.units where !unit.id.canNameTopic {
            throw ConfigError(
                .invalidValue, file: securityFile, keyPath: "commands.unitTopics",
                message: "unit '\(unit.id)' of \(topologyFile) cannot name its own Kafka topics (onepoint.<unit>.ticket-commands, …): a unit id needs 1 to 64 of A-Z a-z 0-9 _ - when unitTopics is true")
        }
    }
}
