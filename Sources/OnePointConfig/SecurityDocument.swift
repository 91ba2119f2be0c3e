import OnePointDomain

/// The model of `security.yaml`:
///
/// ```yaml
/// commands:
///   maxFutureSkewSeconds: 300
/// ```
struct SecurityDocument: StrictlyKeyed, Sendable {
    struct Commands: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let maxFutureSkewSeconds: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case maxFutureSkewSeconds }
    }

    let commands: Commands

    enum CodingKeys: String, CodingKey, CaseIterable { case commands }

    func configuration() throws(ConfigIssue) -> CommandPolicy {
        CommandPolicy(maxFutureSkewSeconds: try commands.maxFutureSkewSeconds.wholeNumber("seconds", in: 0...86_400))
    }
}
