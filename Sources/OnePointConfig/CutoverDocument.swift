import OnePointDomain

/// The model of `cutover.yaml`:
///
/// ```yaml
/// cutover:
///   faultLine: { name: "7×24 fault line", phone: "10086" }
///   advice: ["Back up important data"]
///   windowReminderHours: 24
/// ```
struct CutoverDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let faultLine: Line
        let advice: [ConfigScalar]
        let windowReminderHours: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case faultLine, advice, windowReminderHours }
    }

    struct Line: StrictlyKeyed, Sendable {
        let name: ConfigScalar
        let phone: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case name, phone }
    }

    let cutover: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case cutover }

    func configuration() throws(ConfigIssue) -> CutoverConfiguration {
        var advice: [String] = []
        for scalar in cutover.advice { advice.append(try scalar.nonEmptyText("a line of advice")) }
        return CutoverConfiguration(
            faultLineName: try cutover.faultLine.name.nonEmptyText("the fault line's name"),
            faultLinePhone: try cutover.faultLine.phone.nonEmptyText("the fault line's number"),
            advice: advice,
            windowReminderHours: try cutover.windowReminderHours.wholeNumber("hours", in: 1...168))
    }
}
