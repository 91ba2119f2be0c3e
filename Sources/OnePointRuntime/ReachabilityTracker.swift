import OnePointKafka

/// What ``ClusterReachabilityMonitor`` decides from each probe, apart from any I/O: when the
/// cluster has been unreachable long enough to say so, and when to log it again.
struct ReachabilityTracker {
    /// What a probe's outcome calls for.
    enum Event {
        /// Unreachable for `duration` (at least `unreachableAfter`): the worker is not ready;
        /// `log` is true once per `unreachableAfter`.
        case unreachable(for: Duration, error: KafkaError, log: Bool)
        /// Answers again after having been reported unreachable for `after`.
        case reachableAgain(after: Duration)
    }

    let unreachableAfter: Duration
    /// When the first unanswered probe of the current outage started.
    private(set) var unreachableSince: ContinuousClock.Instant?
    private var lastLogged: ContinuousClock.Instant?

    init(unreachableAfter: Duration) {
        self.unreachableAfter = unreachableAfter
    }

    /// Records one probe, started at `started` and finished at `now`; `failure` is nil when a
    /// broker answered.
    mutating func record(failure: KafkaError?, started: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Event? {
        guard let failure else {
            defer { (unreachableSince, lastLogged) = (nil, nil) }
            guard let since = unreachableSince, lastLogged != nil else { return nil }
            return .reachableAgain(after: now - since)
        }
        let since = unreachableSince ?? started
        unreachableSince = since
        let duration = now - since
        guard duration >= unreachableAfter else { return nil }
        let log = lastLogged.map { now - $0 >= unreachableAfter } ?? true
        if log { lastLogged = now }
        return .unreachable(for: duration, error: failure, log: log)
    }
}
