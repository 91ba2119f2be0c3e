import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointProvisioning
import OnePointRuntime
import OnePointState

/// A provisioning worker's state with `orders` open orders, made by the worker's own decisions
/// (``SeededStore``): orders `SO-S<n>` (``OrderLifecycle``: three in four local, one in four
/// cross-city; customers `BCU-S<c>` of ten orders each, levels in turn), each dispatched and
/// accepted (its work orders, deadline and ladder timers set) and taken `n % 4` steps into its
/// work (engineering, in-progress inspection, configuration): in progress, none completed. The
/// orders arrive evenly over `spread` seconds from `start`, so their deadlines and timers are
/// spread too. Every seed also holds ``loadCustomers`` customers `BCU-L<c>`, whom the
/// benchmark's new orders name.
struct ProvisioningSeed {
    /// Customers of the benchmark's new orders, in every seed.
    static let loadCustomers = 1000
    /// Monday 2026-12-07 09:00 in China (a working day of calendar.yaml's 2026).
    static let defaultStart = Date(timeIntervalSince1970: 1_796_605_200)

    var orders: Int
    var start: Date
    var spread: TimeInterval

    /// What a seed holds, and how long it took to make.
    struct Figures {
        /// Seconds to make it (0 for a seed written earlier).
        var seconds: Double
        /// Orders in progress in the state.
        var open: Int
        var timers: Int
        var mebibytes: Double
        /// The first timer due in the seeded state (`nil`: none).
        var firstDue: Date?
        /// The simulated clock of the last decision (the last order's arrival).
        var end: Date
    }

    /// The figures of a seed written earlier.
    static func figures(of path: String) throws -> Figures {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try figures(db, seconds: 0, path: path) }
    }

    private static func figures(_ db: Database, seconds: Double, path: String) throws -> Figures {
        let lastApplied = try Int64.fetchOne(db, sql: "SELECT MAX(applied_at) FROM runtime_inbox") ?? 0
        return Figures(
            seconds: seconds,
            open: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prov_orders WHERE state = ?", arguments: [ServiceOrderState.inProgress.rawValue]) ?? 0,
            timers: try StateTables.openTimers(db), mebibytes: SeededStore.mebibytes(path), firstDue: try StateTables.nextDue(db),
            end: Date(timeIntervalSince1970: Double(lastApplied) / 1000))
    }

    /// Builds the state and writes it to `path`; `progress` is told every tenth.
    ///
    /// - Throws: ``BenchError`` when the worker refused any input of the seed (a dead letter),
    ///   or did not keep every order open.
    func write(to path: String, configDirectory: String, progress: (String) -> Void) throws -> Figures {
        let began = ContinuousClock.now
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let topology = domain.topology
        let harness = try WorkerTestHarness(logic: ProvisioningLogic(configuration: domain), worker: "provisioning", start: start)
        var refused: [String] = []
        func apply(_ records: [EventRecord]) throws {
            for output in try SeededStore.send(records, to: harness) where output.topic == Topic.deadLetters.defaultName {
                refused.append(output.headers.first { $0.0 == "onepoint.error.message" }?.1.map { String(decoding: $0, as: UTF8.self) } ?? "?")
            }
        }
        try apply(try OrderLifecycle.customers("BCU-S", count: (orders + 9) / 10, at: start, topology: topology))
        try apply(try OrderLifecycle.customers("BCU-L", count: Self.loadCustomers, at: start, topology: topology))
        for n in 0..<orders {
            try harness.advance(to: start.addingTimeInterval(spread * Double(n) / Double(orders)))
            let order = OrderLifecycle(id: "SO-S\(n)", number: n, customer: OrderLifecycle.customer("BCU-S", n / 10))
            try apply(try order.opening(steps: n % 4, at: harness.now, topology: topology))
            if (n + 1) % max(1, orders / 10) == 0 { progress("\(n + 1) of \(orders) orders dispatched") }
        }
        guard refused.isEmpty else {
            throw BenchError(description: "the seed's inputs were refused \(refused.count) times, first: \(refused[0])")
        }
        try SeededStore.write(harness, to: path)
        let elapsed = ContinuousClock.now - began
        let seconds = elapsed.seconds
        let figures = try harness.read { db in try Self.figures(db, seconds: seconds, path: path) }
        guard figures.open == orders else { throw BenchError(description: "the seed holds \(figures.open) open orders, not \(orders)") }
        return figures
    }
}
