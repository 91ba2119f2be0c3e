import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointRuntime
import OnePointState

/// A fault worker's state with `tickets` open tickets, made by the worker's own decisions
/// (``SeededStore``): customers `BCU-<c>` of ten circuits each (levels in turn), circuits
/// `BC-<first>`…, and one raised alarm per circuit, each opening its own ticket with its
/// restoration clock, escalation steps and progress feedback. The raises are spread evenly over
/// `spread` seconds from `start`, so their timers come due spread out too (the first progress
/// feedback 30 minutes after a key customer's raise).
struct FaultSeed {
    /// Circuits of the seed start here, clear of the benchmarks' own `BC-0`….
    static let firstCircuit = 10_000_000
    /// Event ids of the seed's alarms are serials from here, clear of the benchmarks' own.
    static let firstSerial = 0xA000_0000_0000

    var tickets: Int
    var start: Date
    var spread: TimeInterval

    struct Figures {
        /// How long making it took; `nil` for a seed made earlier.
        var seconds: Double?
        /// Tickets in the state (every one open: nothing was cleared).
        var tickets: Int
        var timers: Int
        var mebibytes: Double
        /// The first timer due in the seeded state.
        var firstDue: Date
        /// The simulated clock when the seed ended (the last raise).
        var end: Date
    }

    /// The seed at `path` if one is there (made earlier), else a new one of `tickets` tickets
    /// written there, raised over `spread` seconds from now; `progress` is told as it is made.
    static func reusing(_ path: String, tickets: Int, spread: TimeInterval, configDirectory: String, progress: (String) -> Void) throws -> Figures {
        if FileManager.default.fileExists(atPath: path) { return try figures(of: path) }
        let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return try FaultSeed(tickets: tickets, start: start, spread: spread).write(to: path, configDirectory: configDirectory, progress: progress)
    }

    /// The figures of a seed written earlier.
    static func figures(of path: String) throws -> Figures {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            Figures(
                seconds: nil, tickets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") ?? 0, timers: try StateTables.openTimers(db),
                mebibytes: SeededStore.mebibytes(path), firstDue: try StateTables.nextDue(db) ?? .distantFuture,
                end: Date(timeIntervalSince1970: try Double.fetchOne(db, sql: "SELECT MAX(opened_at) FROM fault_tickets") ?? 0))
        }
    }

    /// Builds the state and writes it to `path`; `progress` is told every tenth.
    func write(to path: String, configDirectory: String, progress: (String) -> Void) throws -> Figures {
        let began = ContinuousClock.now
        let domain = try DomainConfiguration.load(directory: configDirectory)
        let logic = FaultLogic(domain: domain, settings: try FaultSettings.load(directory: configDirectory), topics: TopicNames())
        let harness = try WorkerTestHarness(logic: logic, worker: "fault", start: start)
        let inventory = try FaultBenchCommand.inventory(circuits: tickets, first: Self.firstCircuit, perCustomer: 10, fibre: nil, topology: domain.topology)
        try SeededStore.send(inventory, to: harness)
        progress("inventory of \(tickets) circuits applied")
        let slots = max(1, Int(spread))
        var templates: [Int: AlarmTemplates] = [:]
        for n in 0..<tickets {
            let slot = n * slots / tickets
            let raised = start.addingTimeInterval(TimeInterval(slot))
            if templates[slot] == nil {
                templates = [slot: try AlarmTemplates(topology: domain.topology, topic: "seed.alarms", raised: raised)]
            }
            guard let template = templates[slot] else { continue }
            try harness.advance(to: raised)
            let circuit = Alarm.AlarmedObject(id: FaultBenchCommand.circuitID(Self.firstCircuit + n), type: .circuit)
            let (key, value, headers) = template.parts(.raised, circuit, serial: Self.firstSerial + n)
            try harness.send(topic: "seed.alarms", key: key, value: value, headers: headers)
            if (n + 1) % max(1, tickets / 10) == 0 { progress("\(n + 1) of \(tickets) tickets opened") }
        }
        let (open, timers, firstDue) = try harness.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") ?? 0,
                try StateTables.openTimers(db), try StateTables.nextDue(db)
            )
        }
        try SeededStore.write(harness, to: path)
        let elapsed = ContinuousClock.now - began
        return Figures(
            seconds: elapsed.seconds, tickets: open, timers: timers,
            mebibytes: SeededStore.mebibytes(path), firstDue: firstDue ?? .distantFuture, end: harness.now)
    }
}
