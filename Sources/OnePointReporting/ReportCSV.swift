import OnePointContracts
import OnePointDomain

/// A report's scorecard as CSV (RFC 4180): one row per part, then the total; the fact ids behind
/// each part joined by spaces.
public enum ReportCSV {
    /// The header row.
    public static let header = "unit,month,status,revision,part,part_zh,points,maximum,detail,facts"

    /// The CSV text of `report`, ending with a newline.
    public static func text(_ report: MonthlyReport) -> String {
        let status = (report.status ?? .draft).rawValue
        let revision = "\(report.revision ?? 1)"
        var lines = [header]
        for part in report.scorecard.parts {
            lines.append(
                [
                    report.unit.rawValue, report.month, status, revision, part.part.rawValue, part.part.chineseName, "\(part.points)",
                    "\(part.maximum)", part.detail, (part.factIds ?? []).joined(separator: " "),
                ].map(field).joined(separator: ","))
        }
        lines.append(
            [report.unit.rawValue, report.month, status, revision, "total", "合计", "\(report.scorecard.total)", "\(report.scorecard.maximum)", "", ""]
                .map(field).joined(separator: ","))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
