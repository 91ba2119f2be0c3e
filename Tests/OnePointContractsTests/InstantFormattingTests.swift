import Foundation
import OnePointDomain
import Testing

@testable import OnePointContracts

@Suite("Instants are written as Date.ISO8601FormatStyle writes them, and text read back as it was read")
struct InstantFormattingTests {
    @Test("known instants")
    func known() {
        #expect(ContractJSON.format(ContractFixtures.at("2026-11-20T16:00:00+08:00")) == "2026-11-20T16:00:00+08:00")
        #expect(ContractJSON.format(ContractFixtures.at("2026-11-20T08:00:00Z").addingTimeInterval(0.25)) == "2026-11-20T16:00:00.250+08:00")
        #expect(ContractJSON.format(Date(timeIntervalSince1970: -0.25)) == "1970-01-01T07:59:59.750+08:00")
        // 20.1 s is 20.0999999… as a `Double`: the format style writes `.099`, OnePoint `.100`.
        #expect(ContractJSON.format(Date(timeIntervalSince1970: 1_790_000_000.1)) == "2026-09-21T22:13:20.100+08:00")
        #expect(ContractJSON.formatWithFormatStyle(Date(timeIntervalSince1970: 1_790_000_000.1)) == "2026-09-21T22:13:20.099+08:00")
    }

    /// Instants of this era: a `Double` of seconds since 2001 holds them to better than half a
    /// microsecond (in 1601 its step is about 2 µs, and a millisecond read back may still be lost).
    @Test("an instant read from text is written back as it was read, for every millisecond of a second")
    func roundTrip() throws {
        for base in ["2026-12-03T15:31:20", "1970-01-01T08:00:00", "2099-12-31T23:59:59", "1901-06-30T12:00:07"] {
            for millisecond in 0..<1000 {
                let text = "\(base).\(String(format: "%03d", millisecond))+08:00"
                let date = try #require(ContractJSON.parseDate(text))
                #expect(ContractJSON.format(date) == (millisecond == 0 ? "\(base)+08:00" : text))
            }
        }
    }

    /// What ``ContractJSON/format(_:)`` writes: the format style's text, but for an instant within
    /// half a microsecond below a millisecond, the text of the instant a microsecond later (which
    /// the format style truncates to that millisecond).
    static func expected(_ date: Date) -> String {
        let local = date.timeIntervalSinceReferenceDate + 8 * 3600
        let microseconds = (local - local.rounded(.down)) * 1_000_000
        let nearest = microseconds.rounded()
        let justBelow = nearest > microseconds && Int(nearest) % 1000 == 0
        return ContractJSON.formatWithFormatStyle(justBelow ? date.addingTimeInterval(1e-6) : date)
    }

    @Test("edge cases: before 1970, fractions just under a second or a millisecond, leap days, the ends of the hand-written range")
    func edges() {
        var seconds: [Double] = [
            0, -1, -0.5, -0.0001, -1e-7, 1e-7, 0.0005, 0.0009, 0.001, 0.999, 0.9995, 0.9999, 1.5, -1.5, -86_400.9999,
            951_782_400, 951_868_799.999, 4_107_542_400, -2_208_988_800, -11_676_096_000, -12_219_292_800, -12_212_553_600,
            253_402_300_799, 253_402_300_799.5, 253_402_300_800.5, -62_135_596_800.5, -62_167_219_200,
        ]
        for whole in stride(from: -12_000_000_000.0, through: 250_000_000_000.0, by: 7_777_777_777.7) {
            seconds += [whole, whole.rounded(.down), whole.rounded(.down).nextDown, whole.rounded(.down).nextUp]
        }
        for value in seconds {
            for date in [Date(timeIntervalSince1970: value), Date(timeIntervalSinceReferenceDate: value)] {
                #expect(ContractJSON.format(date) == Self.expected(date), "\(date.timeIntervalSinceReferenceDate)")
            }
        }
    }

    @Test("many instants, whole and fractional, 1970 to 2100")
    func many() {
        var generator = SplitMix(seed: 0x5EED)
        for index in 0..<50_000 {
            let whole = Double(Int(generator.next() % 4_102_444_800))
            let value: Double
            switch index % 4 {
            case 0: value = whole
            case 1: value = whole + Double(generator.next() % 1000) / 1000
            case 2: value = whole + Double(generator.next() % 1_000_000) / 1_000_000
            default: value = -whole / 2 + Double(generator.next() % 1000) / 1000
            }
            let date = Date(timeIntervalSince1970: value)
            let fast = ContractJSON.format(date)
            let expected = Self.expected(date)
            if fast != expected {
                Issue.record("\(value): \(fast) but \(expected) was expected (the format style's text, see expected(_:))")
                return
            }
        }
    }

    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix {
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
}
