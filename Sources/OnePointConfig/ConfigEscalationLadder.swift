import OnePointDomain

/// An escalation ladder as configuration writes it: a list of
/// `{ percent: 80, target: coordinatingParty }` steps by strictly increasing percent.
struct ConfigEscalationLadder: Decodable, Sendable {
    struct Step: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let percent: ConfigScalar
        let target: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case percent, target }
    }

    let path: ConfigKeyPath
    let steps: [Step]

    init(from decoder: any Decoder) throws {
        path = decoder.keyPath
        steps = try decoder.singleValueContainer().decode([Strict<Step>].self).map(\.value)
    }

    static let targetList = EscalationTarget.allCases.map(\.rawValue).joined(separator: ", ")

    /// The domain ladder; steps must be in strictly increasing percent.
    func ladder() throws(ConfigIssue) -> EscalationLadder {
        var result: [EscalationLadder.Step] = []
        for step in steps {
            let percent = try step.percent.wholeNumber("percent", in: 1...100_000)
            let name = try step.target.nonEmptyText("an escalation target")
            guard let target = EscalationTarget(rawValue: name) else {
                throw ConfigIssue(
                    .unknownName, at: step.target.path, "unknown escalation target '\(name)'; expected one of: \(Self.targetList)")
            }
            if let previous = result.last, percent <= previous.percent {
                throw ConfigIssue(
                    .invalidValue, at: step.percent.path,
                    "step at \(percent) % comes after a step at \(previous.percent) %; list steps by increasing percent")
            }
            result.append(try ConfigIssue.checking(step.path) { () throws(DomainError) in
                try EscalationLadder.Step(percent: percent, target: target)
            })
        }
        return try ConfigIssue.checking(path) { () throws(DomainError) in try EscalationLadder(steps: result) }
    }
}
