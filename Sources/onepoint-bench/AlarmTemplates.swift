import Foundation
import OnePointContracts
import OnePointDomain
import OnePointKafka

/// Alarm records made fast from a checked template: one real event per (state, object kind) is
/// encoded and checked once; each record then swaps in its event id, object id and alarm id.
/// A million alarms cost the benchmark seconds, not minutes.
struct AlarmTemplates {
    private struct Template {
        var segments: [[UInt8]]
        var slots: [Int]
        var headers: [(String, String)]
    }

    private static let placeholders = ["00000000-0000-4000-8000-000000000000", "@@OBJECT@@", "@@ALARM@@"]
    private var templates: [String: Template] = [:]
    let topic: String

    /// Templates for alarms raised at `raised` on `topic`.
    init(topology: Topology, topic: String, raised: Date) throws {
        self.topic = topic
        for state in Alarm.State.allCases {
            for kind in [Alarm.AlarmedObject.Kind.circuit, .fibre, .networkElement] {
                let alarm = Alarm(
                    alarmId: "@@ALARM@@", state: state, perceivedSeverity: state == .cleared ? .cleared : .critical, alarmType: .communicationsAlarm,
                    alarmedObject: .init(id: "@@OBJECT@@", type: kind), probableCause: "lossOfSignal", alarmRaisedTime: raised,
                    alarmClearedTime: state == .cleared ? raised.addingTimeInterval(3600) : nil, reportingSystemId: "BENCH-NMS")
                let type: EventType = state == .raised ? .alarmCreate : state == .updated ? .alarmAttributeValueChange : .alarmClear
                let record = try EventRecord(
                    EventEnvelope(type, event: alarm, eventTime: raised, source: EventSource(unit: "GD", worker: "nms"), eventId: Self.placeholders[0]),
                    topology: topology)
                templates["\(state.rawValue):\(kind.rawValue)"] = Self.split(record.value, headers: record.headers.map { ($0.name, $0.value) })
            }
        }
    }

    private static func split(_ value: [UInt8], headers: [(String, String)]) -> Template {
        var segments: [[UInt8]] = []
        var slots: [Int] = []
        var current: [UInt8] = []
        var index = 0
        let marks = placeholders.map { Array($0.utf8) }
        scan: while index < value.count {
            for (slot, mark) in marks.enumerated() where value.count - index >= mark.count && value[index] == mark[0] {
                if Array(value[index..<index + mark.count]) == mark {
                    segments.append(current)
                    slots.append(slot)
                    current = []
                    index += mark.count
                    continue scan
                }
            }
            current.append(value[index])
            index += 1
        }
        segments.append(current)
        return Template(segments: segments, slots: slots, headers: headers)
    }

    /// The `serial`-th record: an alarm of `state` on `object` with a unique event id.
    func record(_ state: Alarm.State, _ object: Alarm.AlarmedObject, serial: Int) -> KafkaProducerRecord {
        let (key, value, headers) = parts(state, object, serial: serial)
        return KafkaProducerRecord(topic: topic, key: key, value: value, headers: headers.map { KafkaHeader(key: $0.0, string: $0.1) })
    }

    /// The `serial`-th record's key, value and headers (see ``record(_:_:serial:)``).
    func parts(_ state: Alarm.State, _ object: Alarm.AlarmedObject, serial: Int) -> (key: String, value: [UInt8], headers: [(String, String)]) {
        let template = templates["\(state.rawValue):\(object.type.rawValue)"] ?? Template(segments: [[]], slots: [], headers: [])
        let hex = String(serial, radix: 16)
        let eventID = "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
        let values = [Array(eventID.utf8), Array(object.id.utf8), Array("A-\(object.id)".utf8)]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(template.segments.reduce(0) { $0 + $1.count } + 64)
        for (index, segment) in template.segments.enumerated() {
            bytes += segment
            if index < template.slots.count { bytes += values[template.slots[index]] }
        }
        let key = "\(object.type.rawValue):\(object.id):lossOfSignal"
        let headers = template.headers.map { name, value in
            (name, name == "eventId" ? eventID : name == "correlationId" ? key : value)
        }
        return (key, bytes, headers)
    }
}
