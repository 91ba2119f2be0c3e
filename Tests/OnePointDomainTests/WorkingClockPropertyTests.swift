import Foundation
import OnePointDomain
import Testing

/// Properties of the clocks over many generated cases, with a seeded deterministic generator,
/// and a minute-by-minute reference implementation built independently from the fixtures.
@Suite struct WorkingClockPropertyTests {
    typealias F = TimeFixtures

    /// SplitMix64: small, deterministic, good enough for test cases.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Minute-by-minute reference: 09:00–12:00 and 13:00–18:00 at +08:00 on the §9 days.
    struct Reference {
        let offDays: Set<String>
        let makeUpDays: Set<String>
        let gregorian: Calendar
        var cache: [Int: Bool] = [:]

        init() throws {
            offDays = Set(try (F.year2025().daysOff.union(F.year2026().daysOff)).map(\.description))
            makeUpDays = Set(try (F.year2025().makeUpWorkingDays.union(F.year2026().makeUpWorkingDays)).map(\.description))
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = try #require(TimeZone(secondsFromGMT: F.shanghaiOffsetSeconds))
            self.gregorian = gregorian
        }

        mutating func isWorkingMinute(_ t: Int) -> Bool {
            let local = t + F.shanghaiOffsetSeconds
            let dayIndex = Int((Double(local) / 86_400).rounded(.down))
            let minuteOfDay = (local - dayIndex * 86_400) / 60
            guard (540..<720).contains(minuteOfDay) || (780..<1080).contains(minuteOfDay) else { return false }
            if let known = cache[dayIndex] { return known }
            let date = Date(timeIntervalSince1970: TimeInterval(dayIndex * 86_400 - F.shanghaiOffsetSeconds + 43_200))
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            let weekend = parts.weekday == 1 || parts.weekday == 7
            let working = weekend ? makeUpDays.contains(text) : !offDays.contains(text)
            cache[dayIndex] = working
            return working
        }

        static func paused(_ t: Int, _ pauses: [(Int, Int)]) -> Bool {
            pauses.contains { $0.0 <= t && t < $0.1 }
        }

        mutating func deadline(start: Int, minutes: Int, pauses: [(Int, Int)]) -> Int {
            if minutes == 0 { return start }
            var t = start
            var counted = 0
            while true {
                if isWorkingMinute(t) && !Self.paused(t, pauses) {
                    counted += 1
                    if counted == minutes { return t + 60 }
                }
                t += 60
            }
        }

        mutating func elapsedMinutes(from start: Int, to end: Int, pauses: [(Int, Int)]) -> Int {
            stride(from: start, to: end, by: 60).reduce(0) { $0 + (isWorkingMinute($1) && !Self.paused($1, pauses) ? 1 : 0) }
        }
    }

    private static let firstInstant = 1_735_660_800  // 2025-01-01 00:00 +08:00
    private static let lastInstant = 1_793_462_400  // 2026-10-31 00:00 +08:00

    private static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    private static func randomPauses(around start: Int, count: Int, using rng: inout SplitMix) throws -> [Pause] {
        try (0..<count).map { _ in
            let from = start + Int.random(in: -86_400...6 * 86_400, using: &rng) / 60 * 60
            let length = Int.random(in: 0...3 * 86_400, using: &rng) / 60 * 60
            return try Pause(start: date(from), end: date(from + length))
        }
    }

    @Test func matchesMinuteByMinuteReference() throws {
        let clock = try F.clock()
        var reference = try Reference()
        var rng = SplitMix(seed: 20_261_120)
        for _ in 0..<150 {
            let start = Int.random(in: Self.firstInstant...Self.lastInstant, using: &rng) / 60 * 60
            let halfDays = Int.random(in: 0...6, using: &rng)
            let pauses = try Self.randomPauses(around: start, count: Int.random(in: 0...3, using: &rng), using: &rng)
            let spans = pauses.map { (Int($0.start.timeIntervalSince1970), Int($0.end.timeIntervalSince1970)) }
            let expected = reference.deadline(start: start, minutes: halfDays * 240, pauses: spans)
            let actual = try clock.deadline(for: .workingHalfDays(halfDays), start: Self.date(start), pauses: pauses)
            #expect(actual == Self.date(expected), "start \(Self.date(start)) halfDays \(halfDays) pauses \(pauses)")

            let end = start + Int.random(in: 0...10 * 86_400, using: &rng) / 60 * 60
            let elapsed = try clock.workingSeconds(from: Self.date(start), to: Self.date(end), pauses: pauses)
            #expect(elapsed == 60 * reference.elapsedMinutes(from: start, to: end, pauses: spans))
        }
    }

    @Test func pausesNeverBringADeadlineEarlier() throws {
        let clock = try F.clock()
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            let start = Self.date(Int.random(in: Self.firstInstant...Self.lastInstant, using: &rng))
            let limit: Limit = Bool.random(using: &rng)
                ? .workingHalfDays(Int.random(in: 1...26, using: &rng)) : .minutes(Int.random(in: 1...600, using: &rng))
            var pauses: [Pause] = []
            var previous = try clock.deadline(for: limit, start: start)
            for _ in 0..<3 {
                pauses += try Self.randomPauses(around: Int(start.timeIntervalSince1970), count: 1, using: &rng)
                let next = try clock.deadline(for: limit, start: start, pauses: pauses)
                #expect(next >= previous, "limit \(limit) start \(start) pauses \(pauses)")
                previous = next
            }
        }
    }

    @Test func elapsedUpToTheDeadlineIsTheLimit() throws {
        let clock = try F.clock()
        var rng = SplitMix(seed: 42)
        for _ in 0..<300 {
            let start = Self.date(Int.random(in: Self.firstInstant...Self.lastInstant, using: &rng))
            let limit: Limit = Bool.random(using: &rng)
                ? .workingHalfDays(Int.random(in: 0...26, using: &rng)) : .minutes(Int.random(in: 0...1_000, using: &rng))
            let pauses = try Self.randomPauses(
                around: Int(start.timeIntervalSince1970), count: Int.random(in: 0...4, using: &rng), using: &rng)
            let deadline = try clock.deadline(for: limit, start: start, pauses: pauses)
            #expect(try clock.elapsedSeconds(for: limit, from: start, to: deadline, pauses: pauses) == clock.seconds(in: limit))
            #expect(try clock.remainingSeconds(for: limit, start: start, at: deadline, pauses: pauses) == 0)
            let percent = Int.random(in: 0...200, using: &rng)
            let partial = try clock.instant(atPercent: percent, of: limit, start: start, pauses: pauses)
            #expect(percent <= 100 ? partial <= deadline : partial >= deadline)
        }
    }

    @Test func longerLimitsNeverEndEarlier() throws {
        let clock = try F.clock()
        var rng = SplitMix(seed: 99)
        for _ in 0..<200 {
            let start = Self.date(Int.random(in: Self.firstInstant...Self.lastInstant, using: &rng))
            let halfDays = Int.random(in: 0...20, using: &rng)
            let shorter = try clock.deadline(for: .workingHalfDays(halfDays), start: start)
            let longer = try clock.deadline(for: .workingHalfDays(halfDays + 1), start: start)
            #expect(longer > shorter)
        }
    }

    @Test func moreAccessPointsNeverShortenALimit() throws {
        for base in 1...40 {
            var previous = try SLAPolicy.scaledHalfDays(base: base, accessPoints: 1)
            #expect(previous == base)
            for points in 2...200 {
                let next = try SLAPolicy.scaledHalfDays(base: base, accessPoints: points)
                #expect(next >= previous && next >= base)
                // Never rounds by more than one half-day, never below the exact value.
                if points > 5 { #expect(5 * next >= base * points && 5 * (next - 1) < base * points) }
                previous = next
            }
        }
    }

    @Test func performanceIsProportionate() throws {
        let clock = try F.clock()
        var rng = SplitMix(seed: 1)
        let began = Date()
        for _ in 0..<1_000 {
            let start = Self.date(Int.random(in: Self.firstInstant...Self.lastInstant, using: &rng))
            _ = try clock.deadline(for: .workingHalfDays(26), start: start)
        }
        #expect(Date().timeIntervalSince(began) < 10)
    }
}
