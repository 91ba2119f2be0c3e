import Foundation
import OnePointConfig
import OnePointKafka

/// One record as `onepoint tail` shows it: the message, its JSON value decoded once, and when the
/// event happened.
struct TailRecord {
    let message: KafkaMessage
    /// The value as a JSON object, when it is one (every OnePoint event is an envelope).
    let object: [String: Any]?
    /// The envelope's `eventTime`: the instant the event happened, stamped by whoever published
    /// it on the workers' clock. Nil when the value is not an envelope.
    let eventTime: Date?

    init(_ message: KafkaMessage) {
        self.message = message
        let object = message.value.flatMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
        self.object = object
        eventTime = (object?["eventTime"] as? String).flatMap(Self.parseInstant)
    }

    /// The time to show and order by: the event's own time; for a record that is not an envelope,
    /// when it was written, read on the workers' clock (`clock`).
    func time(on clock: WorkersClock) -> Date? {
        eventTime ?? message.timestamp.map { clock.now(real: $0) }
    }

    /// An ISO-8601 instant with offset, fractions of a second kept (for ordering).
    static func parseInstant(_ text: String) -> Date? {
        guard let whole = try? ISOTime.parse(text, role: "eventTime") else { return nil }
        // ISOTime keeps whole seconds; add back a fraction such as `.250` in `…T10:00:05.250+08:00`.
        guard let dot = text.lastIndex(of: "."), text[..<dot].contains("T") else { return whole }
        let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let fraction = Double("0." + digits) else { return whole }
        return whole.addingTimeInterval(fraction)
    }

    /// `records` in the order their events happened (``time(on:)``). Records of the same instant
    /// keep the order they were read in; a record without a time stays after the one read before it.
    static func inEventTimeOrder(_ records: [TailRecord], on clock: WorkersClock) -> [TailRecord] {
        var previous = Date.distantPast
        let keyed = records.enumerated().map { index, record in
            let time = record.time(on: clock) ?? previous
            previous = time
            return (time: time, index: index, record: record)
        }
        return keyed.sorted { ($0.time, $0.index) < ($1.time, $1.index) }.map(\.record)
    }
}
