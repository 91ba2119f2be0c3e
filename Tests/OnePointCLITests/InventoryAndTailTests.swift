import Foundation
import Logging
import OnePointContracts
import OnePointKafka
import Testing

@Suite("onepoint inventory load and onepoint tail, run for real")
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
