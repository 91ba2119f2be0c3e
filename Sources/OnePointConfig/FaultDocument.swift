import OnePointDomain

/// The model of `fault.yaml`:
///
/// ```yaml
/// fault:
///   ticketSeverities: [critical, major]
///   flapHoldDownSeconds: 60
///   correlationWindowSeconds: 120
///   confirmationTimeoutHours: 24
///   reopenWindowHours: 24
///   repeatedFaults: { moreThan: 2, periodDays: 30 }
///   maxNotesPerTicket: 500        # optional; default 500
/// ```
struct FaultDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let ticketSeverities: [ConfigScalar]
        let flapHoldDownSeconds: ConfigScalar
        let correlationWindowSeconds: ConfigScalar
        let confirmationTimeoutHours: ConfigScalar
        let reopenWindowHours: ConfigScalar
        let repeatedFaults: RepeatedFaults
        let maxNotesPerTicket: ConfigScalar?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case ticketSeverities, flapHoldDownSeconds, correlationWindowSeconds, confirmationTimeoutHours, reopenWindowHours, repeatedFaults
            case maxNotesPerTicket
        }
    }

    struct RepeatedFaults: StrictlyKeyed, Sendable {
        let moreThan: ConfigScalar
        let periodDays: ConfigScalar

        enum CodingKeys: String, CodingKey, CaseIterable { case moreThan, periodDays }
    }

    let fault: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case fault }

    func configuration() throws(ConfigIssue) -> FaultConfiguration {
        guard !fault.ticketSeverities.isEmpty else {
            throw ConfigIssue(.invalidValue, at: fault.path.appending("ticketSeverities"), "list at least one severity (e.g. [critical, major])")
        }
        var severities: [String] = []
        for scalar in fault.ticketSeverities {
            let name = try scalar.nonEmptyText("a perceived severity (critical, major, minor, warning, indeterminate)")
            guard FaultConfiguration.knownSeverities.contains(name) else {
                throw ConfigIssue(
                    .unknownName, at: scalar.path,
                    "unknown severity '\(name)'; expected one of: \(FaultConfiguration.knownSeverities.joined(separator: ", "))")
            }
            guard !severities.contains(name) else { throw ConfigIssue(.invalidValue, at: scalar.path, "severity '\(name)' is listed twice") }
            severities.append(name)
        }
        return FaultConfiguration(
            ticketSeverities: severities,
            flapHoldDownSeconds: try fault.flapHoldDownSeconds.wholeNumber("seconds", in: 0...86_400),
            correlationWindowSeconds: try fault.correlationWindowSeconds.wholeNumber("seconds", in: 0...86_400),
            confirmationTimeoutMinutes: try fault.confirmationTimeoutHours.minutesFromHours(),
            reopenWindowMinutes: try fault.reopenWindowHours.minutesFromHours(),
            repeatedFaultThreshold: try fault.repeatedFaults.moreThan.wholeNumber("faults", in: 1...10_000),
            repeatedFaultPeriodDays: try fault.repeatedFaults.periodDays.wholeNumber("days", in: 1...3_660),
            maxNotesPerTicket: try fault.maxNotesPerTicket?.wholeNumber("notes", in: 1...100_000) ?? FaultConfiguration.defaultMaxNotesPerTicket)
    }
}
