import Synchronization

/// Whether a worker is ready to serve: it holds its partitions and has caught up with them.
/// `/ready` answers 200 when ready and 503 with the reason otherwise.
public final class Readiness: Sendable {
    private let state = Mutex<String?>("starting")

    public init() {}

    /// `nil` when ready, else why not.
    public var notReadyReason: String? { state.withLock { $0 } }

    public var isReady: Bool { notReadyReason == nil }

    public func markReady() { state.withLock { $0 = nil } }

    public func markNotReady(_ reason: String) { state.withLock { $0 = reason } }
}
