import Foundation
import OnePointContracts
import OnePointDomain

/// The inline SVG charts of a report page. Every data point is one element with class `mark`
/// inside an `<svg data-chart="…">`, so a reader (or a test) can count them; nothing is fetched.
public enum ReportCharts {
    /// The restoration-time buckets of the distribution chart, in minutes from the fault.
    public static let restorationBuckets: [(label: String, upTo: Int?)] = [
        ("≤1h", 60), ("1–2h", 120), ("2–4h", 240), ("4–8h", 480), (">8h", nil),
    ]

    /// Score by part: one bar per scored part, out of its maximum.
    public static func score(_ card: Scorecard) -> String {
        bars(
            "score", "得分 Score by part",
            card.parts.map { (label: $0.part.chineseName, value: $0.points.decimal, maximum: $0.maximum.decimal, text: "\($0.points)/\($0.maximum)") })
    }

    /// Faults by level: one bar per customer level, restored in time and over the limit.
    public static func faults(_ faults: [MonthlyReport.FaultCount]) -> String {
        let most = max(1, faults.map(\.faults).max() ?? 0)
        return bars(
            "faults", "故障 Faults by level",
            CustomerLevel.allCases.map { level in
                let row = faults.first { $0.level == level }
                return (label: level.rawValue, value: Decimal(row?.faults ?? 0), maximum: Decimal(most), text: "\(row?.faults ?? 0) (\(row?.restoredInTime ?? 0) in time)")
            })
    }

    /// Restoration-time distribution: faults per bucket of minutes from the fault to restoration.
    public static func restoration(_ facts: [ReportFact]) -> String {
        let durations = facts.filter { $0.part == .restorationTime }.map { $0.duration ?? 0 }
        var lower = Int.min
        var counts: [Int] = []
        for bucket in restorationBuckets {
            let upper = bucket.upTo ?? Int.max
            counts.append(durations.filter { $0 > lower && $0 <= upper }.count)
            lower = upper
        }
        let most = max(1, counts.max() ?? 0)
        return bars(
            "restoration", "恢复时长分布 Restoration time",
            zip(restorationBuckets, counts).map { (label: $0.label, value: Decimal($1), maximum: Decimal(most), text: "\($1)") })
    }

    /// Notices in time: one dot per cutover notice on the day of its window, green in time, red late.
    public static func notices(_ facts: [ReportFact], month: ReportMonth, zone: TimeZone) -> String {
        let notices = facts.filter { $0.part == .informationNotices }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let width = 620.0
        let start = month.start(in: zone).timeIntervalSince1970
        let length = max(1, month.end(in: zone).timeIntervalSince1970 - start)
        var svg = header("notices", "信息通告 Notices in time", width: width, height: 90)
        svg += ##"<line x1="20" y1="50" x2="600" y2="50" stroke="#888"/>"##
        for (index, notice) in notices.enumerated() {
            let x = 20 + 580 * min(1, max(0, (notice.at.timeIntervalSince1970 - start) / length))
            let y = 40 - Double(index % 3) * 8
            let colour = notice.met == false ? "#c0392b" : "#27ae60"
            svg += ##"<circle class="mark" cx="\##(fmt(x))" cy="\##(fmt(y))" r="5" fill="\##(colour)"><title>\##(escape(notice.reference)) \##(notice.met == false ? "迟发 late" : "及时 in time")</title></circle>"##
        }
        svg += ##"<text x="20" y="75" font-size="11">1</text><text x="545" y="75" font-size="11">\##(month.description)</text>"##
        if notices.isEmpty { svg += ##"<text x="250" y="30" font-size="12">无通告 no notices</text>"## }
        return svg + "</svg>"
    }

    /// Trend: the unit's total per month, one dot per month (only with earlier months).
    public static func trend(_ points: [(month: String, total: ScorePoints, maximum: ScorePoints)]) -> String {
        let width = 620.0
        let top = max(1, points.map { NSDecimalNumber(decimal: $0.maximum.decimal).doubleValue }.max() ?? 1)
        var svg = header("trend", "趋势 Trend", width: width, height: 160)
        let step = points.count > 1 ? 540.0 / Double(points.count - 1) : 0
        var line: [String] = []
        var dots = ""
        for (index, point) in points.enumerated() {
            let x = 40 + step * Double(index)
            let y = 130 - 110 * NSDecimalNumber(decimal: point.total.decimal).doubleValue / top
            line.append("\(fmt(x)),\(fmt(y))")
            dots += ##"<circle class="mark" cx="\##(fmt(x))" cy="\##(fmt(y))" r="4" fill="#2c3e50"><title>\##(point.month): \##(point.total)/\##(point.maximum)</title></circle>"##
            dots += ##"<text x="\##(fmt(x - 20))" y="150" font-size="10">\##(point.month)</text>"##
        }
        svg += ##"<polyline points="\##(line.joined(separator: " "))" fill="none" stroke="#2c3e50"/>"## + dots
        return svg + "</svg>"
    }

    static func bars(_ id: String, _ title: String, _ items: [(label: String, value: Decimal, maximum: Decimal, text: String)]) -> String {
        let rowHeight = 24.0
        var svg = header(id, title, width: 620, height: rowHeight * Double(items.count) + 10)
        for (index, item) in items.enumerated() {
            let y = 5 + rowHeight * Double(index)
            let maximum = NSDecimalNumber(decimal: item.maximum).doubleValue
            let share = maximum > 0 ? min(1, max(0, NSDecimalNumber(decimal: item.value).doubleValue / maximum)) : 0
            svg += ##"<text x="0" y="\##(fmt(y + 15))" font-size="12">\##(escape(item.label))</text>"##
            svg += ##"<rect x="170" y="\##(fmt(y + 3))" width="330" height="16" fill="#eee"/>"##
            svg += ##"<rect class="mark" x="170" y="\##(fmt(y + 3))" width="\##(fmt(330 * share))" height="16" fill="#2e86c1"><title>\##(escape(item.label)): \##(escape(item.text))</title></rect>"##
            svg += ##"<text x="510" y="\##(fmt(y + 15))" font-size="12">\##(escape(item.text))</text>"##
        }
        return svg + "</svg>"
    }

    static func header(_ id: String, _ title: String, width: Double, height: Double) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" data-chart="\##(id)" viewBox="0 0 \##(fmt(width)) \##(fmt(height))" width="\##(fmt(width))" height="\##(fmt(height))" role="img" aria-label="\##(escape(title))">"##
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `text` safe inside HTML and SVG.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
