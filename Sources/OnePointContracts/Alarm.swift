import Foundation
import OnePointDomain

/// A network alarm (TMF642 Alarm Management, ITU-T X.733) from a network management system:
/// events ``EventType/alarmCreate`` (raised), ``EventType/alarmAttributeValueChange``
/// (updated: severity changed, repeated) and ``EventType/alarmClear`` (cleared) on `alarms`.
///
/// Keyed by the ``reductionKey``, so a raise, its repeats and its clear land on one partition
/// in order, whatever `alarmId` each NMS message carries.
public struct Alarm: EventPayload {
    /// X.733 perceived severity.
    public enum PerceivedSeverity: String, Sendable, Codable, CaseIterable {
        /// Service-affecting, immediate action.
        case critical
        /// Service-affecting, urgent action.
        case major
        /// Not (yet) service-affecting.
        case minor
        /// A potential fault.
        case warning
        /// Severity unknown.
        case indeterminate
        /// The alarm is cleared.
        case cleared
    }

    /// Where the alarm is in its life.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// First raised.
        case raised
        /// Changed or repeated while raised.
        case updated
        /// Cleared.
        case cleared
    }

    /// X.733 event type.
    public enum AlarmType: String, Sendable, Codable, CaseIterable {
        /// Communications (loss of signal, link down).
        case communicationsAlarm
        /// Quality of service (errors, degradation).
        case qualityOfServiceAlarm
        /// Processing error (software).
        case processingErrorAlarm
        /// Equipment (board, power unit).
        case equipmentAlarm
        /// Environment (power, temperature, door).
        case environmentalAlarm
    }

    /// The managed object the alarm is on.
    public struct AlarmedObject: Sendable, Codable, Equatable, Hashable {
        /// What kind of object.
        public enum Kind: String, Sendable, Codable, CaseIterable {
            /// A node (router, switch, OLT, transmission equipment): an inventory element.
            case networkElement
            /// A port of an element, `<element id>/<port id>`.
            case port
            /// A fibre cable section: an inventory element of kind `fibreCable`.
            case fibre
            /// A customer circuit.
            case circuit
        }

        /// The object's id as the inventory knows it.
        public var id: String
        /// What kind of object.
        public var type: Kind

        public init(id: String, type: Kind) {
            self.id = id
            self.type = type
        }
    }

    /// The NMS's id of this alarm.
    public var alarmId: String
    /// Raised, updated or cleared (must match the event type).
    public var state: State
    /// X.733 perceived severity; `cleared` on a clear.
    public var perceivedSeverity: PerceivedSeverity
    /// X.733 event type.
    public var alarmType: AlarmType
    /// The object alarmed.
    public var alarmedObject: AlarmedObject
    /// X.733 probable cause, e.g. `lossOfSignal`, `powerProblem`.
    public var probableCause: String
    /// The vendor's specific problem, e.g. `R_LOS`.
    public var specificProblem: String?
    /// When the alarm was raised.
    public var alarmRaisedTime: Date
    /// When it last changed (updates).
    public var alarmChangedTime: Date?
    /// When it cleared (clears).
    public var alarmClearedTime: Date?
    /// The NMS that reported it, e.g. `"GD-OTN-NMS"`.
    public var reportingSystemId: String
    /// Free text from the NMS.
    public var alarmDetails: String?

    public init(
        alarmId: String, state: State, perceivedSeverity: PerceivedSeverity, alarmType: AlarmType, alarmedObject: AlarmedObject,
        probableCause: String, specificProblem: String? = nil, alarmRaisedTime: Date, alarmChangedTime: Date? = nil,
        alarmClearedTime: Date? = nil, reportingSystemId: String, alarmDetails: String? = nil
    ) {
        self.alarmId = alarmId
        self.state = state
        self.perceivedSeverity = perceivedSeverity
        self.alarmType = alarmType
        self.alarmedObject = alarmedObject
        self.probableCause = probableCause
        self.specificProblem = specificProblem
        self.alarmRaisedTime = alarmRaisedTime
        self.alarmChangedTime = alarmChangedTime
        self.alarmClearedTime = alarmClearedTime
        self.reportingSystemId = reportingSystemId
        self.alarmDetails = alarmDetails
    }

    /// The reduction key (dedup key): `<alarmedObject.type>:<alarmedObject.id>:<probableCause>`,
    /// then `:<specificProblem>` when there is one. Repeats of one alarm share it.
    public var reductionKey: String {
        let base = "\(alarmedObject.type.rawValue):\(alarmedObject.id):\(probableCause)"
        return specificProblem.map { "\(base):\($0)" } ?? base
    }

    /// The reduction key.
    public var kafkaKey: String { reductionKey }
}
