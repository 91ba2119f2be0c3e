import OnePointDomain

/// The model of `security.yaml`:
///
/// ```yaml
/// commands:
///   maxFutureSkewSeconds: 300
///   unitTopics: false          # optional; default false
/// ```
struct SecurityDocument: StrictlyKeyed, Sendable {
    struct Commands: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let maxFutureSkewSeconds: ConfigScalar
        let unitTopics: ConfigScalar?

        enum CodingKeys: String, CodingKey, CaseIterable { case maxFutureSkewSeconds, unitTopics }
    }

    let commands: Commands

    enum CodingKeys: String, CodingKey, CaseIterable { case commands }

    func configuration() throws(ConfigIssue) -> CommandPolicy {
        CommandPolicy(
            maxFutureSkewSeconds: try commands.maxFutureSkewSeconds.wholeNumber("seconds", in: 0...86_400),
            unitTopics: try commands.unitTopics?.boolean() ?? false)
    }
}
