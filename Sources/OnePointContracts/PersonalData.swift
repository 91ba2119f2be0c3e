import Foundation

/// Personal data in what people read (logs, `onepoint tail`): phone numbers are masked, keeping
/// the first three and last four digits (`138****5678`), unless the reader asks for them
/// (`onepoint tail --show-personal`). docs/security.md.
///
/// Two rules: every string under a key that names a phone (`phone`, `mobile`, `managerPhone`, …)
/// is masked whatever its form, and free text is masked where it holds a mainland mobile
/// number (11 digits from `1[3-9]`, optionally `+86`, spaces or hyphens between the groups).
public enum PersonalData {
    /// `text` with its phone number masked: the digits but the first three and the last four
    /// become `*` (at most 4 of them shown); a leading `+86` is kept. Fewer than 8 digits: all `*`.
    public static func maskPhone(_ text: String) -> String {
        var digits = text.filter(\.isASCII).filter(\.isNumber)
        var prefix = ""
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("+86") || (digits.count == 13 && digits.hasPrefix("86")) {
            prefix = "+86 "
            digits = String(digits.dropFirst(2))
        } else if text.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            prefix = "+"
        }
        guard digits.count >= 8 else { return prefix + String(repeating: "*", count: max(digits.count, 4)) }
        return prefix + digits.prefix(3) + "****" + digits.suffix(4)
    }

    /// `text` with every mainland mobile number in it masked.
    public static func maskText(_ text: String) -> String {
        guard text.contains(where: \.isNumber) else { return text }
        var result = ""
        var position = text.startIndex
        while let found = text.range(of: mobilePattern, options: .regularExpression, range: position..<text.endIndex) {
            result += text[position..<found.lowerBound]
            result += maskPhone(String(text[found]))
            position = found.upperBound
        }
        result += text[position...]
        return result
    }

    /// A JSON value (as `JSONSerialization` reads it) with every phone masked: strings under a
    /// phone key whole, other strings by ``maskText(_:)``.
    public static func maskJSON(_ value: Any, key: String? = nil) -> Any {
        switch value {
        case let text as String:
            if let key, isPhoneKey(key) { return maskPhone(text) }
            return maskText(text)
        case let object as [String: Any]:
            return object.reduce(into: [String: Any]()) { result, member in result[member.key] = maskJSON(member.value, key: member.key) }
        case let list as [Any]:
            return list.map { maskJSON($0, key: key) }
        default:
            return value
        }
    }

    /// Whether a JSON key names a phone number.
    public static func isPhoneKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.contains("phone") || lower.contains("mobile") || lower == "tel"
    }

    /// A mainland mobile number with no digit, letter or hyphen on either side, so ids and dates
    /// (SO-2026-1123-0001, 2026-11-23) are never taken for numbers.
    static let mobilePattern = #"(?<![\w-])(?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![\w-])"#
}
