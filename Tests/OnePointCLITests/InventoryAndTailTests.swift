import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import Testing

@Suite("onepoint inventory load and onepoint tail, run for real", .serialized)
struct InventoryAndTailTests {
    func cluster() throws -> EmbeddedKafkaCluster {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try EmbeddedKafkaCluster(
            brokers: 1, topics: Topic.allCases.map { KafkaTopicSpec(name: $0.defaultName, partitions: $0.defaultPartitions) },
            logger: logger)
    }

    @Test("the sample inventory loads, and tail shows it, filtered by unit and type, as lines or JSON")
    func loadAndTail() async throws {
        let cluster = try cluster()
        let load = try await BuiltExecutables.run("onepoint", ["inventory", "load", "config/inventory.sample.json", "--bootstrap-servers", cluster.bootstrapServers])
        #expect(load.status == 0, "\(load.output)")
        #expect(load.output.contains("published 8 customers, 10 circuits and 5 network elements"))

        let all = try await BuiltExecutables.run("onepoint", ["tail", "inventory", "--from-beginning", "--idle-exit", "3", "--bootstrap-servers", cluster.bootstrapServers])
        let lines = all.output.split(separator: "\n").filter { $0.contains("Event ") }
        #expect(all.status == 0)
        #expect(lines.count == 23, "\(all.output)")
        #expect(lines.contains { $0.contains("CircuitUpdateEvent") && $0.contains("circuit:GZNJ-ETH-000123") })

        let jiangsu = try await BuiltExecutables.run("onepoint", ["tail", "inventory", "--from-beginning", "--idle-exit", "3", "--unit", "JS", "--type", "Circuit", "--bootstrap-servers", cluster.bootstrapServers])
        let jiangsuLines = jiangsu.output.split(separator: "\n").filter { $0.contains("Event ") }
        #expect(!jiangsuLines.isEmpty)
        #expect(jiangsuLines.allSatisfy { $0.contains("CircuitUpdateEvent") && $0.contains(" JS-") }, "\(jiangsu.output)")

        let json = try await BuiltExecutables.run("onepoint", ["tail", "inventory", "--from-beginning", "--max-events", "5", "--json", "--bootstrap-servers", cluster.bootstrapServers])
        let objects = json.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(objects.count == 5)
        for object in objects {
            let parsed = try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: Any]
            #expect(parsed?["eventType"] != nil && parsed?["event"] != nil)
        }
        // Phone numbers are masked unless asked for (docs/security.md): the first customer's
        // manager is "+86 138 0013 8001".
        let everything = ["tail", "inventory", "--from-beginning", "--idle-exit", "3", "--json", "--bootstrap-servers", cluster.bootstrapServers]
        let masked = try await BuiltExecutables.run("onepoint", everything)
        #expect(!masked.output.contains("0013 8001") && masked.output.contains("+86 138****8001"), "\(masked.output)")
        let plain = try await BuiltExecutables.run("onepoint", everything.filter { $0 != "--json" })
        #expect(!plain.output.contains("0013 8001"), "\(plain.output)")
        let personal = try await BuiltExecutables.run("onepoint", everything + ["--show-personal"])
        #expect(personal.output.contains("+86 138 0013 8001"), "\(personal.output)")
    }

    @Test("tail's time column is each event's own time in calendar.yaml's zone, and several topics come in event-time order")
    func tailEventTime() async throws {
        let cluster = try cluster()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let producer = try KafkaProducer(configuration: .init(client: .init(bootstrapServers: cluster.bootstrapServers)), logger: logger)
        // Written in this order, two topics; the events happened in the order 1, 2, 3, 4.
        let events: [(topic: Topic, id: String, type: String, time: String)] = [
            (.alarms, "A3", "AlarmCreateEvent", "2026-11-23T10:00:03+08:00"),
            (.alarms, "A1", "AlarmCreateEvent", "2026-11-23T10:00:01.500+08:00"),
            (.tickets, "T2", "TroubleTicketCreateEvent", "2026-11-23T10:00:02+08:00"),
            (.tickets, "T4", "TroubleTicketCreateEvent", "2026-11-23T02:00:04Z"),
        ]
        for event in events {
            let value = #"{"eventId":"\#(UUID().uuidString)","eventTime":"\#(event.time)","eventType":"\#(event.type)","event":{"id":"\#(event.id)"}}"#
            _ = try await producer.send(
                KafkaProducerRecord(
                    topic: event.topic.defaultName, key: event.id, value: Array(value.utf8),
                    headers: [KafkaHeader(key: "eventType", string: event.type)], partition: 0))
        }
        await producer.close()

        let tail = try await BuiltExecutables.run("onepoint", ["tail", "alarms", "tickets", "--from-beginning", "--idle-exit", "3", "--bootstrap-servers", cluster.bootstrapServers])
        #expect(tail.status == 0, "\(tail.output)")
        let lines = tail.output.split(separator: "\n").filter { $0.contains("Event ") }
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) ?? "" } == [
            "2026-11-23T10:00:01+08:00", "2026-11-23T10:00:02+08:00", "2026-11-23T10:00:03+08:00", "2026-11-23T10:00:04+08:00",
        ], "the events' own times, Asia/Shanghai, in the order they happened:\n\(tail.output)")
        let ids = lines.map { line in ["A1", "T2", "A3", "T4"].first { line.contains("id=\($0)") } ?? "?" }
        #expect(ids == ["A1", "T2", "A3", "T4"], "\(tail.output)")
    }

    @Test("a bad inventory file is refused with the entity and field named, and nothing is sent")
    func badInventory() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-\(UUID().uuidString).json").path
        try #"{"circuits":[{"id":"X-1","customerId":"C","serviceType":"2M","bandwidthKbps":2048,"aEnd":{"unit":"GD-XX","address":"a"},"zEnd":{"unit":"GD-GZ","address":"b"},"assurance":"A","scope":"crossCity"}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await BuiltExecutables.run("onepoint", ["inventory", "load", path, "--bootstrap-servers", "127.0.0.1:1"])
        #expect(run.status != 0)
        #expect(run.output.contains("circuits[0]") && run.output.contains("GD-XX"), "\(run.output)")
    }

    @Test("tail without a cluster says how to get one")
    func tailWithoutCluster() async throws {
        let run = try await BuiltExecutables.run("onepoint", ["tail", "alarms", "--state-dir", "/nonexistent"])
        #expect(run.status != 0)
        #expect(run.output.contains("start `onepoint dev`"))
    }
}
