import Synchronization

/// Whether a worker is ready to serve: it holds its partitions and has caught up with them, and
/// its Kafka cluster is reachable. `/ready` answers 200 when ready and 503 with the reason
/// otherwise.
///
/// Two sources set it: the worker itself (``markReady()``, ``markNotReady(_:)``) and the
/// ``ClusterReachabilityMonitor`` (``markClusterUnreachable(_:)``, ``markClusterReachable()``).
/// An unreachable cluster wins over whatever the worker says, so a worker that would call itself
/// caught up (nothing to read) is still not ready while it cannot reach the cluster.
public final class Readiness: Sendable {
    private struct State {
        var worker: String? = "starting"
        var cluster: String?
    }

    private let state = Mutex(State())

    public init() {}

    /// `nil` when ready, else why not.
    public var notReadyReason: String? { state.withLock { $0.cluster ?? $0.worker } }

    public var isReady: Bool { notReadyReason == nil }

    /// The worker holds its partitions and has caught up.
    public func markReady() { state.withLock { $0.worker = nil } }

    /// The worker is not ready, for `reason`.
    public func markNotReady(_ reason: String) { state.withLock { $0.worker = reason } }

    /// The cluster has been unreachable too long, as `reason` says.
    public func markClusterUnreachable(_ reason: String) { state.withLock { $0.cluster = reason } }

    /// The cluster answers again.
    public func markClusterReachable() { state.withLock { $0.cluster = nil } }
}
