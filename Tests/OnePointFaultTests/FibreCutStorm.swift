import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport

/// A fibre cut for the process tests: 30 customers of every level with 10 circuits each, all on
/// one GD fibre, and a storm of `count` alarm events from it (the fibre's raise, every circuit's,
/// then repeats), keyed by reduction key as an NMS writes them.
struct FibreCutStorm {
    let producer: KafkaProducer
    let domain: DomainConfiguration
    let circuits: [String]
    let inventory: [EventRecord]
    let alarms: [EventRecord]

    init(bootstrap: String, alarms count: Int) throws {
        producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap), logger: quietLogger)
        domain = try DomainConfiguration.load(directory: configDirectory)
        let topology = domain.topology
        func record<P: EventPayload>(_ type: EventType, _ payload: P) throws -> EventRecord {
            try EventRecord(EventEnvelope(type, event: payload, eventTime: Date(), source: EventSource(unit: "HQ", worker: "nms")), topology: topology)
        }
        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        var circuits: [String] = []
        for n in 0..<30 { circuits += inventory.customer("C-\(n)", levels[n % 5], circuits: 10) }
        inventory.element("GD-FIBRE-STORM", .fibreCable, unit: "GD", circuits: circuits)
        var records: [EventRecord] = []
        for customer in inventory.customers { records.append(try record(.customerUpdate, customer)) }
        for circuit in inventory.circuits { records.append(try record(.circuitUpdate, circuit)) }
        for element in inventory.elements { records.append(try record(.networkElementUpdate, element)) }

        let now = Date()
        var storm: [EventRecord] = [try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: "GD-FIBRE-STORM", type: .fibre), raised: now))]
        for circuit in circuits { storm.append(try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: circuit, type: .circuit), raised: now + 1))) }
        var repeatNumber = 0
        while storm.count < count {
            repeatNumber += 1
            let object: Alarm.AlarmedObject = repeatNumber % 301 == 0 ? .init(id: "GD-FIBRE-STORM", type: .fibre) : .init(id: circuits[repeatNumber % 300], type: .circuit)
            storm.append(try record(.alarmAttributeValueChange, NMS.alarm(.updated, on: object, raised: now, changed: now + Double(repeatNumber))))
        }
        self.circuits = circuits
        self.inventory = records
        self.alarms = storm
    }

    /// Writes `records` to their topics (default names) and waits for every delivery.
    func send(_ records: [EventRecord]) async throws {
        let results = await producer.send(records.map { record in
            KafkaProducerRecord(
                topic: record.topic.defaultName, key: record.key, value: record.value,
                headers: record.headers.map { KafkaHeader(key: $0.name, string: $0.value) })
        })
        for result in results { _ = try result.get() }
    }

    /// Writes the alarms of `range`.
    func sendAlarms(_ range: Range<Int>) async throws { try await send(Array(alarms[range])) }

    func close() async { await producer.close() }
}
