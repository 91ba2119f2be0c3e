import Foundation

extension TroubleTicket: DirectlyEncodedPayload {
    /// The ticket's JSON value (see ``DirectlyEncodedPayload``): its fourteen members that are
    /// always written, and the four optional ones when set.
    var directJSON: JSONValue? {
        guard let escalationLevel = JSONValue.direct(escalationLevel), let reopenCount = JSONValue.direct(reopenCount),
            let customers = JSONValue.direct(customers, { $0.directJSON })
        else { return nil }
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(18)
        object["id"] = .string(id)
        object["status"] = .string(status.rawValue)
        object["statusHistory"] = .array(statusHistory.map { $0.directJSON })
        object["unit"] = .string(unit.rawValue)
        object["description"] = .string(description)
        object["startedAt"] = .direct(startedAt)
        object["relatedAlarms"] = .array(relatedAlarms.map { $0.directJSON })
        object["faultReportIds"] = .direct(faultReportIds)
        object["circuitIds"] = .direct(circuitIds)
        object["customers"] = customers
        object["escalationLevel"] = escalationLevel
        object["planned"] = .bool(planned)
        if let restoredAt { object["restoredAt"] = .direct(restoredAt) }
        if let closedAt { object["closedAt"] = .direct(closedAt) }
        object["reopenCount"] = reopenCount
        object["notes"] = .array(notes.map { $0.directJSON })
        if let cause { object["cause"] = .string(cause.rawValue) }
        if let responsibility { object["responsibility"] = .string(responsibility.rawValue) }
        return .object(object)
    }
}

extension TroubleTicket.StatusChange {
    /// The entry's JSON value, as ``JSONValue/encoding(_:)`` makes it.
    var directJSON: JSONValue {
        var object: [String: JSONValue] = ["status": .string(status.rawValue), "at": .direct(at)]
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}

extension TroubleTicket.RelatedAlarm {
    /// The alarm's JSON value, as ``JSONValue/encoding(_:)`` makes it.
    var directJSON: JSONValue {
        var object: [String: JSONValue] = ["reductionKey": .string(reductionKey), "alarmId": .string(alarmId), "raisedAt": .direct(raisedAt)]
        if let clearedAt { object["clearedAt"] = .direct(clearedAt) }
        return .object(object)
    }
}

extension TroubleTicket.CustomerImpact {
    /// The customer's JSON value, as ``JSONValue/encoding(_:)`` makes it; `nil` when it refuses it.
    var directJSON: JSONValue? {
        guard let limitMinutes = JSONValue.direct(limitMinutes) else { return nil }
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(8)
        object["customer"] = customer.directJSON
        object["handledAtLevel"] = .string(handledAtLevel.rawValue)
        object["circuitIds"] = .direct(circuitIds)
        object["limitMinutes"] = limitMinutes
        object["deadline"] = .direct(deadline)
        if let restoredAt { object["restoredAt"] = .direct(restoredAt) }
        if let restorationMinutes {
            guard let minutes = JSONValue.direct(restorationMinutes) else { return nil }
            object["restorationMinutes"] = minutes
        }
        if let metLimit { object["metLimit"] = .bool(metLimit) }
        return .object(object)
    }
}

extension TroubleTicket.Note {
    /// The note's JSON value, as ``JSONValue/encoding(_:)`` makes it.
    var directJSON: JSONValue { .object(["by": .string(by), "at": .direct(at), "text": .string(text)]) }
}
