import Foundation
import OnePointDomain

/// One scalar value of a configuration file, kept as its text with its key path, and read as a
/// number of the right unit only when its meaning is known, so that every message names the
/// unit ("expected a number of working days …, got 'nine'").
struct ConfigScalar: Decodable, Sendable {
    /// The text as written (`9`, `2.5`, `1e-9`, `Asia/Shanghai`).
    let text: String
    /// Where it is.
    let path: ConfigKeyPath

    init(text: String, path: ConfigKeyPath) {
        self.text = text
        self.path = path
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        path = decoder.keyPath
        if container.decodeNil() {
            throw ConfigIssue(.missingKey, at: path, "has no value")
        }
        text = try container.decode(String.self)
    }

    // MARK: - Text

    /// The text, trimmed; refuses an empty one.
    func nonEmptyText(_ what: String) throws(ConfigIssue) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw ConfigIssue(.invalidValue, at: path, "expected \(what), got an empty value")
        }
        return trimmed
    }

    /// `true` or `false`, as YAML writes a switch.
    func boolean() throws(ConfigIssue) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "true": true
        case "false": false
        default: throw ConfigIssue(.invalidValue, at: path, "expected true or false, got '\(text)'")
        }
    }

    // MARK: - Numbers

    /// The value as an exact decimal, or an error saying `expected`.
    ///
    /// Only plain decimal numbers are accepted (`9`, `-2`, `2.5`, `.5`, `1e-9`); Foundation's
    /// own parser would take the `12` of `12abc`.
    func decimal(expected: String) throws(ConfigIssue) -> Decimal {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard Self.isPlainNumber(trimmed), let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")),
            !value.isNaN
        else {
            throw ConfigIssue(.invalidNumber, at: path, "expected \(expected), got '\(text)'")
        }
        return value
    }

    /// A whole number within `range`.
    func wholeNumber(_ what: String, in range: ClosedRange<Int>) throws(ConfigIssue) -> Int {
        let value = try decimal(expected: "a whole number of \(what)")
        guard let whole = Self.integer(value) else {
            throw ConfigIssue(.invalidNumber, at: path, "expected a whole number of \(what), got \(text)")
        }
        try Self.require(whole, in: range, what, path)
        return whole
    }

    /// Working days in steps of 0.5, as half working days (2.5 → 5), at least 0.5.
    func halfWorkingDays() throws(ConfigIssue) -> Int {
        let halves = try scaled(
            by: 2, expected: "a number of working days in steps of 0.5 (e.g. 9 or 2.5)", "is not a whole number of half days")
        try Self.require(halves, in: 1...1_000_000, "half working days", path, shown: text)
        return halves
    }

    /// Hours, as whole minutes (1.5 → 90), at least one minute.
    func minutesFromHours() throws(ConfigIssue) -> Int {
        let minutes = try scaled(by: 60, expected: "a number of hours (e.g. 4 or 1.5)", "is not a whole number of minutes")
        try Self.require(minutes, in: 1...100_000_000, "minutes", path, shown: "\(text) hours")
        return minutes
    }

    /// Working days (0.25, 1.5) as whole working minutes of a day of `minutesPerDay` minutes.
    func workingMinutes(fromWorkingDays minutesPerDay: Int) throws(ConfigIssue) -> Int {
        let expected = "a number of working days (e.g. 0.25 or 1.5)"
        let value = try decimal(expected: expected)
        guard let minutes = Self.integer(value * Decimal(minutesPerDay)) else {
            throw ConfigIssue(
                .invalidNumber, at: path,
                "\(text) working days is not a whole number of minutes with a \(minutesPerDay)-minute working day")
        }
        try Self.require(minutes, in: 1...100_000_000, "working minutes", path, shown: "\(text) working days")
        return minutes
    }

    /// Assessment points, to the hundredth, 0 or more.
    func points() throws(ConfigIssue) -> ScorePoints {
        let hundredths = try scaled(by: 100, expected: "a number of points (e.g. 10 or 0.2)", "is finer than a hundredth of a point")
        try Self.require(hundredths, in: 0...100_000_000, "points", path, shown: text)
        return ScorePoints(hundredths: hundredths)
    }

    /// A percentage to the tenth (98, 0.1), as per-mille (980, 1), within 0…100 %.
    func permille(minimumPercent: Decimal = 0) throws(ConfigIssue) -> Int {
        let permille = try scaled(by: 10, expected: "a percentage (e.g. 98 or 0.1)", "is finer than a tenth of a percent")
        guard Decimal(permille) >= minimumPercent * 10, permille <= 1000 else {
            throw ConfigIssue(.invalidValue, at: path, "must be between \(minimumPercent) and 100 percent, got \(text)")
        }
        return permille
    }

    // MARK: - Helpers

    /// The value times `factor`, which must be a whole number; `notWhole` says what it is when not.
    private func scaled(by factor: Decimal, expected: String, _ notWhole: String) throws(ConfigIssue) -> Int {
        guard let scaled = Self.integer(try decimal(expected: expected) * factor) else {
            throw ConfigIssue(.invalidNumber, at: path, "expected \(expected), got \(text), which \(notWhole)")
        }
        return scaled
    }

    static func require(_ value: Int, in range: ClosedRange<Int>, _ what: String, _ path: ConfigKeyPath, shown: String? = nil)
        throws(ConfigIssue)
    {
        guard range.contains(value) else {
            let shownValue = shown ?? String(value)
            if value < range.lowerBound {
                let bound = range.lowerBound == 0 ? "0 or more" : range.lowerBound == 1 ? "more than 0" : "at least \(range.lowerBound) \(what)"
                throw ConfigIssue(.invalidValue, at: path, "must be \(bound), got \(shownValue)")
            }
            throw ConfigIssue(.invalidValue, at: path, "must be at most \(range.upperBound) \(what), got \(shownValue)")
        }
    }

    /// `value` as an `Int` when it is a whole number of reasonable size.
    static func integer(_ value: Decimal) -> Int? {
        guard !value.isNaN, abs(value) <= Decimal(1_000_000_000_000) else { return nil }
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        guard rounded == value else { return nil }
        return NSDecimalNumber(decimal: rounded).intValue
    }

    /// `[+-]digits[.digits][e[+-]digits]`, at least one digit before or after the point.
    static func isPlainNumber(_ text: String) -> Bool {
        var chars = Substring(text)
        if let first = chars.first, first == "+" || first == "-" { chars = chars.dropFirst() }
        let mantissaEnd = chars.firstIndex { $0 == "e" || $0 == "E" } ?? chars.endIndex
        let mantissa = chars[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts.contains(where: { !$0.isEmpty })
        else { return false }
        if mantissaEnd < chars.endIndex {
            var exponent = chars[chars.index(after: mantissaEnd)...]
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.count <= 3, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return true
    }
}
