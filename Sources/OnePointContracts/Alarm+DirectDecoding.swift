import Foundation

extension Alarm: DirectlyDecodedPayload {
    /// Reads a checked alarm (see ``DirectlyDecodedPayload``): its eight required members, its
    /// four optional ones absent, null or set, and nothing else.
    init?(checked object: [String: JSONValue]) { self.init(members: object) }

    init?(scanned object: ScannedObject) { self.init(members: object) }

    private init?<Members: CheckedMembers>(members object: Members) {
        guard let alarmId = object["alarmId"]?.directString,
            let state = object["state"]?.directString.flatMap(State.init(rawValue:)),
            let severity = object["perceivedSeverity"]?.directString.flatMap(PerceivedSeverity.init(rawValue:)),
            let alarmType = object["alarmType"]?.directString.flatMap(AlarmType.init(rawValue:)),
            let alarmed = object.object("alarmedObject"), alarmed.count == 2,
            let objectId = alarmed["id"]?.directString,
            let objectType = alarmed["type"]?.directString.flatMap(AlarmedObject.Kind.init(rawValue:)),
            let probableCause = object["probableCause"]?.directString,
            let raised = object["alarmRaisedTime"]?.directDate,
            let reportingSystemId = object["reportingSystemId"]?.directString,
            case .some(let specificProblem) = JSONValue.directOptionalString(object["specificProblem"]),
            case .some(let changed) = JSONValue.directOptionalDate(object["alarmChangedTime"]),
            case .some(let cleared) = JSONValue.directOptionalDate(object["alarmClearedTime"]),
            case .some(let details) = JSONValue.directOptionalString(object["alarmDetails"])
        else { return nil }
        // Nothing this reader does not know: the members read, and the optional ones written.
        let written = (object["specificProblem"] == nil ? 0 : 1) + (object["alarmChangedTime"] == nil ? 0 : 1)
            + (object["alarmClearedTime"] == nil ? 0 : 1) + (object["alarmDetails"] == nil ? 0 : 1)
        guard object.count == 8 + written else { return nil }
        self.init(
            alarmId: alarmId, state: state, perceivedSeverity: severity, alarmType: alarmType, alarmedObject: AlarmedObject(id: objectId, type: objectType),
            probableCause: probableCause, specificProblem: specificProblem, alarmRaisedTime: raised, alarmChangedTime: changed,
            alarmClearedTime: cleared, reportingSystemId: reportingSystemId, alarmDetails: details)
    }
}
