import ArgumentParser
import Foundation
import Logging
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointRuntime

/// `onepoint tail STREAM…`: follows topics and prints each event as one readable line (or JSON).
/// Reads partitions directly, outside any consumer group, and commits nothing: it leaves no
/// trace on the cluster.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow OnePoint topics, one readable line per event.",
        discussion: """
            STREAM is a topic of `onepoint topics list` without its prefix (alarms, tickets, \
            work-orders, …) or a full Kafka topic name. Starts at the end (new events only) unless \
            --from-beginning or --since is given. Examples:
              onepoint tail alarms tickets
              onepoint tail --all --unit GD            (Guangdong and its cities)
              onepoint tail work-orders --type WorkOrderCreateEvent --from-beginning --json
            """)

    @Argument(help: "Topics to follow.") var streams: [String] = []
    @Flag(name: .long, help: "Follow every OnePoint topic.") var all = false
    @Option(name: .long, help: "Only events about this unit or one of its descendants (the `unit` header).") var unit: String?
    @Option(name: .long, help: "Only this event type (repeatable; a prefix such as Alarm matches AlarmCreateEvent).") var type: [String] = []
    @Option(name: .long, help: "Only records with this key.") var key: String?
    @Flag(name: .long, help: "Start at the oldest record still held.") var fromBeginning = false
    @Option(name: .long, help: "Start this long ago: 30s, 10m, 2h, 1d.") var since: String?
    @Flag(name: .long, help: "Print each record's value as it is (one JSON object per line).") var json = false
    @Flag(name: .long, help: "Show personal data (phone numbers) as it is; masked (138****5678) by default.") var showPersonal = false
    @Option(name: .long, help: "Stop after this many events.") var maxEvents: Int?
    @Option(name: .long, help: "Stop after this many seconds without a new event, counted once what the topics held at start has been read.")
    var idleExit: Double?
    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if streams.isEmpty && !all { throw ValidationError("name at least one stream (e.g. `onepoint tail alarms`) or pass --all") }
        if fromBeginning && since != nil { throw ValidationError("--from-beginning and --since cannot be used together") }
        if let since, SettingsSource.parseDuration(since) == nil { throw ValidationError("--since: expected a duration such as 30s, 10m, 2h or 1d, got '\(since)'") }
    }

    func run() async throws {
        let names = try await cluster.topicNames()
        let topics = try resolveTopics(names)
        let units: Set<String>? = try unit.map { id in
            let topology = try DomainConfiguration.load(directory: cluster.configDirectory).topology
            do {
                return Set(try topology.descendants(of: UnitID(id)).map(\.id.rawValue))
            } catch {
                throw ValidationError("--unit: \(error)")
            }
        }
        // The time column: each event's own time, in the zone of calendar.yaml (the zone the
        // domain's days and working hours are in); a record that is not an event is read on the
        // workers' clock of a running `onepoint dev`.
        let zone: TimeZone
        do {
            zone = try DomainConfiguration.load(directory: cluster.configDirectory).calendar.timeZone
        } catch {
            zone = .gmt
            FileHandle.standardError.write(Data("times in UTC: the calendar's zone could not be read (\(error))\n".utf8))
        }
        let workersClock = try WorkersClock.load(stateDir: cluster.stateDir)
        var logger = Logger(label: "onepoint.tail")
        logger.logLevel = .error
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: try await cluster.kafkaConfiguration(), groupID: nil), logger: logger)
        var partitions: [KafkaTopicPartition] = []
        for topic in topics {
            let count = try await consumer.partitionCount(topic: topic)
            partitions += (0..<count).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
        }
        var starts: [KafkaTopicPartition: KafkaOffset] = [:]
        if let since, let duration = SettingsSource.parseDuration(since) {
            let offsets = try await consumer.offsets(at: Date().addingTimeInterval(-Double(duration.components.seconds)), for: partitions)
            for partition in partitions { starts[partition] = offsets[partition].map { $0 >= 0 ? .exact($0) : .end } ?? .end }
        } else {
            for partition in partitions { starts[partition] = fromBeginning ? .beginning : .end }
        }
        // What is already there: --idle-exit counts only once it has been read, so a slow first
        // fetch on a loaded machine never ends tail before it printed what it was asked for.
        var backlog: [KafkaTopicPartition: Int64] = [:]
        for (partition, start) in starts {
            let (low, high) = try await consumer.watermarks(partition)
            switch start {
            case .end: continue
            case .exact(let offset) where offset >= high: continue
            default: if high > low { backlog[partition] = high }
            }
        }
        try consumer.assign(starts)
        FileHandle.standardError.write(Data("following \(topics.joined(separator: ", ")) (\(partitions.count) partitions)\(unit.map { "; unit \($0) and below" } ?? "")\n".utf8))

        var printed = 0
        var lastEvent = ContinuousClock.now
        // What the topics held at start is gathered whole (up to a bound) and shown in event-time
        // order across topics, however the fetches of the partitions interleave.
        var gathered: [KafkaMessage] = []
        let gatherUntil = ContinuousClock.now + .seconds(10)
        while !Task.isCancelled {
            var batch = try await Self.read(consumer)
            if !backlog.isEmpty {
                for message in batch where message.offset + 1 >= (backlog[message.topicPartition] ?? .max) { backlog[message.topicPartition] = nil }
                if backlog.isEmpty { lastEvent = .now }
                gathered += batch
                if !backlog.isEmpty, gathered.count < 20_000, ContinuousClock.now < gatherUntil { continue }
                batch = gathered
                gathered = []
                backlog = [:]
                lastEvent = .now
            }
            let records = batch.filter { matches($0, units: units) }.map(TailRecord.init)
            for record in TailRecord.inEventTimeOrder(records, on: workersClock) {
                say(json ? Self.raw(record.message, showPersonal: showPersonal) : Self.line(record, time: record.time(on: workersClock), zone: zone, showPersonal: showPersonal))
                printed += 1
                lastEvent = .now
                if let maxEvents, printed >= maxEvents {
                    await consumer.close()
                    return
                }
            }
            if let idleExit, backlog.isEmpty, ContinuousClock.now - lastEvent > .milliseconds(Int64(idleExit * 1000)) { break }
        }
        await consumer.close()
    }

    /// One poll: what the cluster has now, gathered for at most 300 ms once the first record came,
    /// so records of several topics fetched together are shown together, in event-time order.
    private static func read(_ consumer: KafkaConsumer) async throws -> [KafkaMessage] {
        let limit = 2000
        var batch = try await consumer.poll(maxMessages: limit, timeout: .milliseconds(200))
        guard !batch.isEmpty else { return batch }
        let deadline = ContinuousClock.now + .milliseconds(300)
        while batch.count < limit, ContinuousClock.now < deadline {
            let more = try await consumer.poll(maxMessages: limit - batch.count, timeout: .milliseconds(20))
            if more.isEmpty { break }
            batch += more
        }
        return batch
    }

    private func resolveTopics(_ names: [Topic: String]) throws -> [String] {
        if all { return Topic.allCases.map { names[$0] ?? $0.defaultName } }
        return try streams.map { stream in
            if let topic = Topic(rawValue: stream) { return names[topic] ?? topic.defaultName }
            if names.values.contains(stream) || stream.contains(".") { return stream }
            let known = Topic.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown stream '\(stream)'; one of: \(known), or a full topic name")
        }
    }

    private func matches(_ message: KafkaMessage, units: Set<String>?) -> Bool {
        if let key, message.keyString != key { return false }
        if let units {
            guard let unit = message.headers.string("unit"), units.contains(unit) else { return false }
        }
        if !type.isEmpty {
            guard let eventType = message.headers.string("eventType"), type.contains(where: { eventType.hasPrefix($0) }) else { return false }
        }
        return true
    }

    /// The record's value as one line of JSON, phone numbers masked unless `showPersonal`.
    static func raw(_ message: KafkaMessage, showPersonal: Bool = false) -> String {
        guard let value = message.value else { return "null" }
        if let read = try? JSONSerialization.jsonObject(with: Data(value)),
            case let object = showPersonal ? read : PersonalData.maskJSON(read),
            let compact = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            return String(decoding: compact, as: UTF8.self)
        }
        let text = String(decoding: value, as: UTF8.self)
        return showPersonal ? text : PersonalData.maskText(text)
    }

    /// `time  topic  type  unit  key  essentials`; the time is `time` (the event's) in `zone`.
    static func line(_ record: TailRecord, time: Date?, zone: TimeZone, showPersonal: Bool = false) -> String {
        let line = plainLine(record, time: time, zone: zone)
        return showPersonal ? line : PersonalData.maskText(line)
    }

    private static func plainLine(_ record: TailRecord, time: Date?, zone: TimeZone) -> String {
        let message = record.message
        let time = time.map { ISOTime.format($0, in: zone) } ?? "-"
        let topic = message.topic.hasPrefix("onepoint.") ? String(message.topic.dropFirst("onepoint.".count)) : message.topic
        let type = message.headers.string("eventType") ?? "-"
        let unit = message.headers.string("unit") ?? "-"
        var line = "\(time)  \(topic.padding(toLength: 16, withPad: " ", startingAt: 0)) \(type.padding(toLength: 34, withPad: " ", startingAt: 0)) \(unit.padding(toLength: 7, withPad: " ", startingAt: 0)) \(message.keyString ?? "-")"
        if let kind = message.headers.string("onepoint.error.kind") {
            line += "  ✗ \(kind): \(message.headers.string("onepoint.error.message") ?? "") (from \(message.headers.string("onepoint.error.topic") ?? "?")@\(message.headers.string("onepoint.error.offset") ?? "?"))"
            return line
        }
        guard let value = message.value else { return line + "  (tombstone)" }
        if let object = record.object {
            let payload = (object["event"] as? [String: Any]) ?? object
            line += "  " + essentials(payload)
        } else {
            line += "  " + String(decoding: value.prefix(80), as: UTF8.self)
        }
        return line
    }

    /// Fields that say what happened, shown first when an event has them.
    static let leadingFields = [
        "stage", "state", "status", "outcome", "passed", "part", "met", "overrunMinutes", "percent", "target", "targetUnit", "role", "scope",
        "coordinator", "onTime", "overdueOccurrences", "remainingUnits", "limit", "deadline", "perceivedSeverity", "problems",
    ]

    /// The payload's scalar fields, `name=value`, the telling ones first (``leadingFields``), then
    /// in key order, at most 8. A list of problems shows its first message.
    static func essentials(_ payload: [String: Any]) -> String {
        var parts: [String] = []
        let order = leadingFields.filter { payload[$0] != nil } + payload.keys.sorted().filter { !leadingFields.contains($0) }
        for name in order {
            if name == "problems", let problems = payload[name] as? [[String: Any]], let first = problems.first?["message"] as? String {
                parts.append("problems=[\(problems.count)] \"\(first)\"")
                continue
            }
            let value = payload[name]
            switch value {
            case let text as String: parts.append("\(name)=\(text.count > 40 ? String(text.prefix(40)) + "…" : text)")
            case let number as NSNumber: parts.append("\(name)=\(number)")
            case let list as [Any]: parts.append("\(name)=[\(list.count)]")
            default: continue
            }
            if parts.count == 8 { break }
        }
        return parts.joined(separator: " ")
    }
}
