import Foundation
import OnePointDomain

/// The answer of `onepoint sla score`: one unit's monthly assessment, section by section and
/// part by part (DOMAIN.md §7).
///
/// JSON (``JSONText/encode(_:)``): `unit`, `unitName`, `unitChineseName` (when configured),
/// `month`, `total`, `maximum`, `groups` (each `group`, `name`, `chineseName`, `points`,
/// `maximum` and `parts`, each `part`, `name`, `chineseName`, `points`, `maximum`, `detail`)
/// and `notScored`. Points are plain decimal numbers (`9.6`).
public struct ScoreAnswer: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// The scorecard the policy made.
    public let scorecard: Scorecard
    /// The unit assessed, as the topology knows it (`nil` if it is not in the topology).
    public let unit: OrgUnit?

    /// Pairs a scorecard with the unit it scores.
    public init(scorecard: Scorecard, unit: OrgUnit?) {
        self.scorecard = scorecard
        self.unit = unit
    }

    /// The English name of a part, as the answers print it.
    public static func name(of part: AssessmentPart) -> String {
        switch part {
        case .existingNetworkSurvey: "existing-network survey"
        case .constructionSurvey: "construction survey"
        case .provisioningOnTime: "provisioning on-time rate"
        case .acceptancePass: "acceptance pass rate"
        case .dataConfiguration: "data-configuration timeliness"
        case .restorationTime: "restoration time"
        case .complaintTimeliness: "complaint timeliness"
        case .networkQuality: "network quality"
        case .informationNotices: "information notices"
        }
    }

    /// The English and Chinese names of a section.
    public static func names(of group: AssessmentPart.Group) -> (english: String, chinese: String) {
        switch group {
        case .preSale: ("pre-sale response", "售前响应支撑")
        case .provisioning: ("provisioning", "业务开通服务")
        case .faultsAndComplaints: ("faults and complaints", "投诉故障处理")
        case .informationNotices: ("information notices", "信息通告")
        }
    }

    /// The sections in the source's order, each with its parts.
    public var groups: [(group: AssessmentPart.Group, parts: [Scorecard.Part])] {
        AssessmentPart.Group.allCases.compactMap { group in
            let parts = scorecard.parts.filter { $0.part.group == group }
            return parts.isEmpty ? nil : (group, parts)
        }
    }

    /// A table: points first (so Chinese names do not break the alignment), then names and detail.
    public var description: String {
        var lines: [String] = []
        let unitName = unit.map { " \($0.name)" + ($0.chineseName.map { " \($0)" } ?? "") } ?? ""
        lines.append(
            "\(scorecard.unit)\(unitName), \(scorecard.month): \(scorecard.total) of \(scorecard.maximum) points")
        for (group, parts) in groups {
            let points = parts.reduce(ScorePoints.zero) { $0 + $1.points }
            let maximum = parts.reduce(ScorePoints.zero) { $0 + $1.maximum }
            let names = Self.names(of: group)
            lines.append("\(Self.score(points, maximum))  \(names.english) \(names.chinese)")
            for part in parts {
                lines.append(
                    "\(Self.score(part.points, part.maximum))    \(Self.name(of: part.part)) \(part.part.chineseName): \(part.detail)")
            }
        }
        for note in scorecard.notScored {
            lines.append("not scored: \(note)")
        }
        return lines.joined(separator: "\n")
    }

    /// ` 9.6 / 10`, right-aligned.
    private static func score(_ points: ScorePoints, _ maximum: ScorePoints) -> String {
        let left = "\(points)"
        let right = "\(maximum)"
        return String(repeating: " ", count: max(0, 5 - left.count)) + left + " / " + right
            + String(repeating: " ", count: max(0, 3 - right.count))
    }

    private enum CodingKeys: String, CodingKey {
        case unit, unitName, unitChineseName, month, total, maximum, groups, notScored
    }

    private struct GroupJSON: Encodable {
        let group: AssessmentPart.Group
        let name: String
        let chineseName: String
        let points: ScorePoints
        let maximum: ScorePoints
        let parts: [PartJSON]
    }

    private struct PartJSON: Encodable {
        let part: AssessmentPart
        let name: String
        let chineseName: String
        let points: ScorePoints
        let maximum: ScorePoints
        let detail: String
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scorecard.unit, forKey: .unit)
        try c.encodeIfPresent(unit?.name, forKey: .unitName)
        try c.encodeIfPresent(unit?.chineseName, forKey: .unitChineseName)
        try c.encode(scorecard.month, forKey: .month)
        try c.encode(scorecard.total, forKey: .total)
        try c.encode(scorecard.maximum, forKey: .maximum)
        let groups = self.groups.map { group, parts in
            GroupJSON(
                group: group, name: Self.names(of: group).english, chineseName: Self.names(of: group).chinese,
                points: parts.reduce(.zero) { $0 + $1.points }, maximum: parts.reduce(.zero) { $0 + $1.maximum },
                parts: parts.map {
                    PartJSON(
                        part: $0.part, name: Self.name(of: $0.part), chineseName: $0.part.chineseName, points: $0.points,
                        maximum: $0.maximum, detail: $0.detail)
                })
        }
        try c.encode(groups, forKey: .groups)
        try c.encode(scorecard.notScored, forKey: .notScored)
    }
}
