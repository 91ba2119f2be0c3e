import Foundation

extension ProgressFeedback: DirectlyEncodedPayload {
    /// The feedback's JSON value (see ``DirectlyEncodedPayload``): its ten members that are
    /// always written, and the two optional ones when set.
    var directJSON: JSONValue? {
        guard let sequence = JSONValue.direct(sequence), let intervalMinutes = JSONValue.direct(intervalMinutes),
            let elapsedMinutes = JSONValue.direct(elapsedMinutes), let remainingMinutes = JSONValue.direct(remainingMinutes)
        else { return nil }
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(12)
        object["entity"] = entity.directJSON
        object["sequence"] = sequence
        object["unit"] = .string(unit.rawValue)
        object["customer"] = customer.directJSON
        object["customerManager"] = .object(["name": .string(customerManager.name), "phone": .string(customerManager.phone)])
        object["intervalMinutes"] = intervalMinutes
        object["elapsedMinutes"] = elapsedMinutes
        object["remainingMinutes"] = remainingMinutes
        object["progress"] = .string(progress)
        if let nextSteps { object["nextSteps"] = .string(nextSteps) }
        if let customerActions { object["customerActions"] = .string(customerActions) }
        object["at"] = .direct(at)
        return .object(object)
    }
}
