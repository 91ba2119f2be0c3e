import Foundation
import GRDB

/// The stores of one worker opened read-only and read together, for tools (`onepoint ticket
/// show`, `onepoint cutover show`, …): its single store, or one store per task when it runs a
/// task per partition. Each read runs on every store; the caller combines the answers.
public struct ReadOnlyStores: Sendable {
    /// The files, in the order they are read.
    public let paths: [String]
    private let queues: [DatabaseQueue]

    /// Opens every file of `paths` read-only.
    ///
    /// - Throws: ``StateError`` (``StateError/Code/unavailable``) naming the first file that is
    ///   missing or cannot be opened, or saying that `paths` is empty.
    public init(paths: [String]) throws(StateError) {
        guard !paths.isEmpty else { throw StateError(.unavailable, "no state file to read") }
        var configuration = Configuration()
        configuration.readonly = true
        var queues: [DatabaseQueue] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else { throw StateError(.unavailable, "\(path) does not exist") }
            do {
                queues.append(try DatabaseQueue(path: path, configuration: configuration))
            } catch {
                throw StateError(.unavailable, "\(path) cannot be opened: \(error)")
            }
        }
        self.paths = paths
        self.queues = queues
    }

    /// `read`'s answer from every store, in the order of ``paths``.
    public func each<T>(_ read: (Database) throws -> T) throws -> [T] {
        try queues.map { try $0.read(read) }
    }

    /// The first answer that is not `nil`, reading the stores in order until one has it (an
    /// entity lives in the one task that owns it).
    public func first<T>(_ read: (Database) throws -> T?) throws -> T? {
        for queue in queues {
            if let found = try queue.read(read) { return found }
        }
        return nil
    }
}
