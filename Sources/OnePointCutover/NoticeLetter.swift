import Foundation
import Mustache
import OnePointConfig
import OnePointContracts
import OnePointDomain

/// The notice letter (告知函) of a ``CutoverNotice``, rendered from the operator's templates
/// (`config/letters/cutover-notice.txt.mustache` and `.html.mustache`, Mustache), Chinese
/// first. The templates see the fields listed in ``fields(of:unitName:timeZone:)``.
public struct NoticeLetter: Sendable {
    /// The template files, in the letters folder.
    public static let textTemplate = "cutover-notice.txt.mustache"
    public static let htmlTemplate = "cutover-notice.html.mustache"

    private let text: MustacheTemplate
    private let html: MustacheTemplate

    /// Loads both templates from `directory` (e.g. `config/letters`).
    ///
    /// - Throws: ``CutoverStateError`` with code ``CutoverStateError/Code/badTemplate`` naming the
    ///   file that is missing or does not parse.
    public init(directory: String) throws(CutoverStateError) {
        text = try Self.load(directory, Self.textTemplate)
        html = try Self.load(directory, Self.htmlTemplate)
    }

    private static func load(_ directory: String, _ name: String) throws(CutoverStateError) -> MustacheTemplate {
        let path = (directory as NSString).appendingPathComponent(name)
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CutoverStateError(.badTemplate, "\(path) cannot be read: \(error.localizedDescription)")
        }
        do {
            return try MustacheTemplate(string: source)
        } catch {
            throw CutoverStateError(.badTemplate, "\(path) is not a valid Mustache template: \(error)")
        }
    }

    /// The letter as plain text.
    public func text(of notice: CutoverNotice, unitName: String, timeZone: TimeZone) -> String {
        text.render(Self.fields(of: notice, unitName: unitName, timeZone: timeZone))
    }

    /// The letter as a printable HTML page, with the affected-circuit attachment.
    public func html(of notice: CutoverNotice, unitName: String, timeZone: TimeZone) -> String {
        html.render(Self.fields(of: notice, unitName: unitName, timeZone: timeZone))
    }

    /// What a template sees: `unitName`, `noticeId`, `cutoverId`, `customerName`, `customerLevel`,
    /// `reason`, `windowStartZh`/`windowEndZh` (`2026年11月25日01时00分`), `windowStart`/`windowEnd`
    /// (ISO-8601), `affectedService`, `interruption` (minutes), `advice` (list), `emergency`,
    /// `cutoverContact`, `customerManager`, `faultLine` (each `name`, `phone`), `circuits` (each
    /// `circuitId`, `serviceType`, `serviceTypeZh`, `aEndUnit`, `zEndUnit`), `circuitCount`,
    /// `feedbackDue`/`feedbackDueZh` (absent when none), `sentDateZh`, `inTime`, `supersedes`.
    public static func fields(of notice: CutoverNotice, unitName: String, timeZone: TimeZone) -> [String: Any] {
        func contact(_ c: Contact) -> [String: Any] { ["name": c.name, "phone": c.phone] }
        var fields: [String: Any] = [
            "unitName": unitName, "noticeId": notice.noticeId, "cutoverId": notice.cutoverId, "customerName": notice.customer.name,
            "customerLevel": notice.customer.level.rawValue, "reason": notice.reason,
            "windowStartZh": chinese(notice.windowStart, timeZone), "windowEndZh": chinese(notice.windowEnd, timeZone),
            "windowStart": ISOTime.format(notice.windowStart, in: timeZone), "windowEnd": ISOTime.format(notice.windowEnd, in: timeZone),
            "affectedService": notice.affectedService, "interruption": notice.expectedInterruptionMinutes, "advice": notice.advice,
            "emergency": notice.emergency, "inTime": notice.inTime, "cutoverContact": contact(notice.contacts.cutoverContact),
            "customerManager": contact(notice.contacts.customerManager), "faultLine": contact(notice.contacts.faultLine),
            "circuits": notice.affectedCircuits.map {
                [
                    "circuitId": $0.circuitId, "serviceType": $0.serviceType.rawValue, "serviceTypeZh": $0.serviceType.chineseName,
                    "aEndUnit": $0.aEndUnit.rawValue, "zEndUnit": $0.zEndUnit.rawValue,
                ] as [String: Any]
            },
            "circuitCount": notice.affectedCircuits.count, "sentDateZh": chineseDay(notice.sentAt, timeZone),
        ]
        if let due = notice.feedbackDueAt {
            fields["feedbackDue"] = ISOTime.format(due, in: timeZone)
            fields["feedbackDueZh"] = chinese(due, timeZone)
        }
        if let supersedes = notice.supersedes { fields["supersedes"] = supersedes }
        return fields
    }

    static func parts(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// `2026年11月25日01时00分`.
    static func chinese(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(p.year ?? 0)年\(p.month ?? 0)月\(p.day ?? 0)日\(two(p.hour))时\(two(p.minute))分"
    }

    /// `2026年11月13日`.
    static func chineseDay(_ date: Date, _ zone: TimeZone) -> String {
        let p = parts(date, zone)
        return "\(p.year ?? 0)年\(p.month ?? 0)月\(p.day ?? 0)日"
    }
}
