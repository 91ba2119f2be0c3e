import OnePointDomain

/// The cutover worker's own settings (`cutover.yaml`, DOMAIN.md §6.2): what every notice letter
/// says beyond the plan (the fault line, the advice) and when the window reminder goes out.
/// Read with ``load(directory:)`` or ``ConfigReader/cutover(yaml:file:)``; every problem is a
/// ``ConfigError`` naming the file, key and line.
public struct CutoverConfiguration: Sendable, Equatable {
    /// The name of the file in a configuration folder.
    public static let fileName = "cutover.yaml"

    /// The 7×24 fault line's name.
    public var faultLineName: String
    /// The 7×24 fault line's number.
    public var faultLinePhone: String
    /// The advice every letter gives, in order.
    public var advice: [String]
    /// The window reminder goes out this many hours before the window starts.
    public var windowReminderHours: Int

    /// The defaults, as `config/cutover.yaml` ships them.
    public static let defaults = CutoverConfiguration(
        faultLineName: "集团客户7×24故障专线 Group-customer fault line", faultLinePhone: "10086",
        advice: [
            "请提前做好主备业务的倒换测试 Test switching to your backup service beforehand",
            "请做好重要数据备份 Back up important data",
            "建议安排相关人员进行割接后的业务恢复确认工作 Have staff confirm service after the cutover",
        ],
        windowReminderHours: 24)

    public init(faultLineName: String, faultLinePhone: String, advice: [String], windowReminderHours: Int) {
        self.faultLineName = faultLineName
        self.faultLinePhone = faultLinePhone
        self.advice = advice
        self.windowReminderHours = windowReminderHours
    }

    /// Reads `cutover.yaml` in `directory`.
    ///
    /// - Throws: ``ConfigError`` naming the file, the key and the line.
    public static func load(directory: String) throws(ConfigError) -> CutoverConfiguration {
        let path = directory.isEmpty ? fileName : directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        return try ConfigReader.cutover(yaml: try ConfigReader.read(file: path), file: path)
    }
}

extension ConfigReader {
    /// The cutover worker's settings of a `cutover.yaml` text.
    public static func cutover(yaml: String, file: String = CutoverConfiguration.fileName) throws(ConfigError) -> CutoverConfiguration {
        try YAMLDocument.decode(CutoverDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }
}
