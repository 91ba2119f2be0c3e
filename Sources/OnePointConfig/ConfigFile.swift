/// The files of a configuration folder, each named for what it holds.
public enum ConfigFile: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `calendar.yaml`: time zone, working hours, days off and make-up working days per year.
    case calendar = "calendar.yaml"
    /// `sla.yaml`: every SLA limit, feedback interval, notice lead and escalation ladder, and
    /// the customer-level quotas.
    case sla = "sla.yaml"
    /// `topology.yaml`: HQ, provinces and cities.
    case topology = "topology.yaml"
    /// `test-thresholds.yaml`: pass conditions of service tests per service type.
    case testThresholds = "test-thresholds.yaml"
    /// `assessment.yaml`: the scoring rules of the monthly unit assessment.
    case assessment = "assessment.yaml"

    /// The file name, e.g. `sla.yaml`.
    public var fileName: String { rawValue }

    /// The path of this file in `directory` (`config` → `config/sla.yaml`).
    public func path(in directory: String) -> String {
        directory.isEmpty ? fileName : directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    public var description: String { rawValue }
}
