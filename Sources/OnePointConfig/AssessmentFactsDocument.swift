import Foundation
import OnePointDomain

/// The JSON of one unit-month's assessment facts (the input of `onepoint sla score`), read
/// strictly: an unknown key (`"restoration"` for `"restorations"`) or an unknown level is an
/// error naming the key, never silently ignored. The format is ``AssessmentFacts``'s.
struct AssessmentFactsDocument: Decodable, Sendable {
    struct Overrun: Decodable, Sendable {
        let value: AssessmentFacts.Overrun

        private enum CodingKeys: String, CodingKey, CaseIterable { case level, overrunMinutes, reference }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            var level = CustomerLevel.unset
            if let name = try c.decodeIfPresent(String.self, forKey: .level) {
                do {
                    level = try CustomerLevel(parsing: name)
                } catch {
                    throw ConfigIssue(.unknownLevel, at: decoder.keyPath.appending("level"), error.message)
                }
            }
            value = AssessmentFacts.Overrun(
                level: level, overrunMinutes: try c.decode(Int.self, forKey: .overrunMinutes),
                reference: try c.decodeIfPresent(String.self, forKey: .reference))
        }
    }

    struct Tally: Decodable, Sendable {
        let value: AssessmentFacts.Tally

        private enum CodingKeys: String, CodingKey, CaseIterable { case met, total }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let met = try c.decode(Int.self, forKey: .met)
            let total = try c.decode(Int.self, forKey: .total)
            guard met >= 0, total >= 0, met <= total else {
                throw ConfigIssue(.invalidValue, at: decoder.keyPath, "needs 0 ≤ met ≤ total, got met \(met), total \(total)")
            }
            value = AssessmentFacts.Tally(met: met, total: total)
        }
    }

    let facts: AssessmentFacts

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case unit, month, existingNetworkSurveys, constructionSurveys, provisioningOnTime, acceptance, dataConfigurations
        case restorations, complaints, networkQualityBreaches, lateCutoverNotices, missingCutoverNotices
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func overruns(_ key: CodingKeys) throws -> [AssessmentFacts.Overrun] {
            try c.decodeIfPresent([Overrun].self, forKey: key)?.map(\.value) ?? []
        }
        func tally(_ key: CodingKeys) throws -> AssessmentFacts.Tally {
            try c.decodeIfPresent(Tally.self, forKey: key)?.value ?? .none
        }
        func count(_ key: CodingKeys) throws -> Int {
            let value = try c.decodeIfPresent(Int.self, forKey: key) ?? 0
            guard value >= 0 else {
                throw ConfigIssue(.invalidValue, at: decoder.keyPath.appending(key.stringValue), "must be 0 or more, got \(value)")
            }
            return value
        }
        let month = try c.decode(String.self, forKey: .month)
        facts = AssessmentFacts(
            unit: UnitID(try c.decode(String.self, forKey: .unit)), month: month,
            existingNetworkSurveys: try overruns(.existingNetworkSurveys), constructionSurveys: try overruns(.constructionSurveys),
            provisioningOnTime: try tally(.provisioningOnTime), acceptance: try tally(.acceptance),
            dataConfigurations: try overruns(.dataConfigurations), restorations: try overruns(.restorations),
            complaints: try tally(.complaints), networkQualityBreaches: try count(.networkQualityBreaches),
            lateCutoverNotices: try count(.lateCutoverNotices), missingCutoverNotices: try count(.missingCutoverNotices))
        do {
            try facts.validate()
        } catch {
            throw ConfigIssue(.invalidValue, at: decoder.keyPath.appending("month"), error.message)
        }
    }
}

extension ConfigReader {
    /// One unit-month's assessment facts from JSON (the format of ``AssessmentFacts``), read
    /// strictly: unknown keys and unknown levels are errors naming the key.
    ///
    /// - Throws: ``ConfigError`` naming `file`, the key path (e.g. `restorations[0].level`)
    ///   and the problem.
    public static func assessmentFacts(json: Data, file: String) throws(ConfigError) -> AssessmentFacts {
        do {
            return try JSONDecoder().decode(AssessmentFactsDocument.self, from: json).facts
        } catch let issue as ConfigIssue {
            throw ConfigError(issue.code, file: file, keyPath: issue.path.description, message: issue.message)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw syntaxError(json: json, file: file, fallback: context.debugDescription)
            }
            throw YAMLDocument.decodingError(error, file: file)
        } catch {
            throw ConfigError(.invalidSyntax, file: file, message: "not valid JSON: \(error)")
        }
    }

    /// One unit-month's assessment facts from a JSON file.
    public static func assessmentFacts(file: String) throws(ConfigError) -> AssessmentFacts {
        let text = try read(file: file)
        return try assessmentFacts(json: Data(text.utf8), file: file)
    }

    /// A JSON syntax error with where it is: Foundation's parser says "around character N",
    /// turned here into a line and column.
    private static func syntaxError(json: Data, file: String, fallback: String) -> ConfigError {
        do {
            _ = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            var detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? fallback
            if let range = detail.range(of: "around character "),
                let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
            {
                let before = json.prefix(offset)
                let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
                let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
                detail = String(detail[..<range.lowerBound]) + "at line \(line), column \(column)"
                return ConfigError(.invalidSyntax, file: file, line: line, message: "not valid JSON: \(detail)")
            }
            return ConfigError(.invalidSyntax, file: file, message: "not valid JSON: \(detail)")
        }
        return ConfigError(.invalidSyntax, file: file, message: "not valid JSON: \(fallback)")
    }
}
