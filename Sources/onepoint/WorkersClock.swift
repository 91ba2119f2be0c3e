import ArgumentParser
import Foundation
import OnePointConfig
import OnePointState

/// The workers' clock as `onepoint dev` runs it, shared with the CLI.
///
/// With `--clock accelerated`, `onepoint dev` fixes one start instant, one factor and one real
/// origin, gives them to every worker (`--clock-start`, `--clock-factor`, `--clock-origin`) and
/// writes them to `<state-dir>/clock.json`. Commands that stamp or show times (`fault`, `ticket`,
/// `assurance`) read that file, so "now" is the workers' now. Without the file: the machine's clock.
struct WorkersClock: Equatable {
    /// `nil`: the machine's clock (or whatever the settings file says; dev passes nothing).
    var accelerated: Accelerated?
    /// The mode flag as given to dev, passed on to the workers.
    var mode: String?

    struct Accelerated: Codable, Equatable {
        /// What the clock shows at `origin`.
        var start: Date
        /// How much faster than real time it runs.
        var factor: Double
        /// The real instant it showed `start`.
        var origin: Date
    }

    /// The machine's clock.
    static let system = WorkersClock(accelerated: nil, mode: nil)

    init(accelerated: Accelerated?, mode: String?) {
        self.accelerated = accelerated
        self.mode = mode
    }

    /// `onepoint dev`'s flags as one clock; an accelerated one starts now unless `start` says otherwise.
    init(mode: String?, start: String?, factor: Double?, now: Date = Date()) throws {
        self.mode = mode
        switch mode {
        case nil, "system":
            guard start == nil, factor == nil else { throw ValidationError("--clock-start and --clock-factor need --clock accelerated") }
            accelerated = nil
        case "accelerated":
            guard let factor else { throw ValidationError("--clock accelerated needs --clock-factor, e.g. 600 (ten minutes a second)") }
            guard factor > 0, factor <= 1_000_000 else { throw ValidationError("--clock-factor must be above 0 and at most 1000000, not \(factor)") }
            let origin = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let startInstant: Date
            if let start {
                do {
                    startInstant = try ISOTime.parse(start, role: "--clock-start")
                } catch {
                    throw ValidationError(error.message)
                }
            } else {
                startInstant = origin
            }
            accelerated = Accelerated(start: startInstant, factor: factor, origin: origin)
        case let other?:
            throw ValidationError("--clock must be system or accelerated, not '\(other)'")
        }
    }

    /// The flags that give a worker this clock.
    var workerArguments: [String] {
        guard let accelerated else { return mode.map { ["--clock", $0] } ?? [] }
        return [
            "--clock", "accelerated", "--clock-start", Self.text(accelerated.start), "--clock-factor", String(accelerated.factor),
            "--clock-origin", Self.text(accelerated.origin),
        ]
    }

    /// The instant on this clock now.
    func now(real: Date = Date()) -> Date {
        guard let accelerated else { return real }
        return accelerated.start.addingTimeInterval(real.timeIntervalSince(accelerated.origin) * accelerated.factor)
    }

    /// Real seconds for `seconds` of this clock.
    func realSeconds(_ seconds: Double) -> Double { seconds / (accelerated?.factor ?? 1) }

    static func path(stateDir: String) -> String { (stateDir as NSString).appendingPathComponent("clock.json") }

    /// Writes `<state-dir>/clock.json` for an accelerated clock; removes a stale one otherwise.
    func write(stateDir: String) throws {
        guard let accelerated else {
            Self.remove(stateDir: stateDir)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(accelerated).write(to: URL(fileURLWithPath: Self.path(stateDir: stateDir)), options: .atomic)
        try StateFolder.prepareFile(Self.path(stateDir: stateDir))  // 0600, like every file of the state folder
    }

    static func remove(stateDir: String) {
        try? FileManager.default.removeItem(atPath: path(stateDir: stateDir))
    }

    /// The clock `onepoint dev` runs the workers on, from `<state-dir>/clock.json`; the
    /// machine's clock when there is none.
    /// - Throws: `ValidationError` naming the file when it cannot be read.
    static func load(stateDir: String) throws -> WorkersClock {
        let path = path(stateDir: stateDir)
        guard let data = FileManager.default.contents(atPath: path) else { return .system }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return WorkersClock(accelerated: try decoder.decode(Accelerated.self, from: data), mode: "accelerated")
        } catch {
            throw ValidationError("\(path) is not a clock file written by `onepoint dev` (\(error)); remove it if dev is not running")
        }
    }

    private static func text(_ date: Date) -> String { ISOTime.format(date, in: TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt) }
}
