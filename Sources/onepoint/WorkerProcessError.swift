/// A worker `onepoint dev` could not start.
struct WorkerProcessError: Error, CustomStringConvertible {
    var name: String
    var reason: String

    var description: String { "worker \(name): \(reason)" }
}
