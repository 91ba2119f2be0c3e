import Foundation

extension EscalationNotice: DirectlyEncodedPayload {
    /// The notice's JSON value (see ``DirectlyEncodedPayload``): its twelve members that are
    /// always written, and the two optional ones when set.
    var directJSON: JSONValue? {
        guard let level = JSONValue.direct(level), let percent = JSONValue.direct(percent), let elapsedMinutes = JSONValue.direct(elapsedMinutes),
            let remainingMinutes = JSONValue.direct(remainingMinutes)
        else { return nil }
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(14)
        object["entity"] = entity.directJSON
        object["level"] = level
        object["percent"] = percent
        object["target"] = .string(target.rawValue)
        object["targetUnit"] = .string(targetUnit.rawValue)
        object["handlingUnit"] = .string(handlingUnit.rawValue)
        if let customerLevel { object["customerLevel"] = .string(customerLevel.rawValue) }
        object["limit"] = .string(limit)
        object["startedAt"] = .direct(startedAt)
        object["deadline"] = .direct(deadline)
        if let provisional { object["provisional"] = .bool(provisional) }
        object["elapsedMinutes"] = elapsedMinutes
        object["remainingMinutes"] = remainingMinutes
        object["at"] = .direct(at)
        return .object(object)
    }
}
