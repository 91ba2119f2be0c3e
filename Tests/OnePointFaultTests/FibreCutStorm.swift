import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointTestSupport

/// Fibre cuts for the process tests: for each of `cities` (one per province), 30 customers of
/// every level with 10 circuits each, all on one fibre of the city's province, and a storm of
/// `count` alarm events from the cuts (each fibre's raise, every circuit's, then repeats; the
/// cuts interleaved), keyed by reduction key as an NMS writes them. By default one cut, in GD.
struct FibreCutStorm {
    let producer: KafkaProducer
    let domain: DomainConfiguration
    /// Every circuit, of every cut.
    let circuits: [String]
    /// The circuits of each province's cut.
    let circuitsByProvince: [UnitID: [String]]
    let inventory: [EventRecord]
    let alarms: [EventRecord]

    init(bootstrap: String, alarms count: Int, cities: [UnitID] = ["GD-GZ"]) throws {
        producer = try KafkaProducer(configuration: .init(bootstrapServers: bootstrap), logger: quietLogger)
        domain = try DomainConfiguration.load(directory: configDirectory)
        let topology = domain.topology
        func record<P: EventPayload>(_ type: EventType, _ payload: P) throws -> EventRecord {
            try EventRecord(EventEnvelope(type, event: payload, eventTime: Date(), source: EventSource(unit: "HQ", worker: "nms")), topology: topology)
        }
        var inventory = TestInventory()
        let levels: [CustomerLevel] = [.key, .diamond, .gold, .silver, .bronze]
        var cuts: [(fibre: String, circuits: [String])] = []
        var byProvince: [UnitID: [String]] = [:]
        for city in cities {
            let province = UnitID(String(city.rawValue.prefix { $0 != "-" }))
            // The first cut keeps the names it always had (C-<n>, GD-FIBRE-STORM).
            let prefix = cuts.isEmpty ? "C-" : "C-\(province)-"
            var circuits: [String] = []
            for n in 0..<30 { circuits += inventory.customer("\(prefix)\(n)", levels[n % 5], unit: city, circuits: 10) }
            let fibre = "\(province)-FIBRE-STORM"
            inventory.element(fibre, .fibreCable, unit: province, circuits: circuits)
            cuts.append((fibre, circuits))
            byProvince[province] = circuits
        }
        var records: [EventRecord] = []
        for customer in inventory.customers { records.append(try record(.customerUpdate, customer)) }
        for circuit in inventory.circuits { records.append(try record(.circuitUpdate, circuit)) }
        for element in inventory.elements { records.append(try record(.networkElementUpdate, element)) }

        let now = Date()
        var storm: [EventRecord] = []
        for cut in cuts { storm.append(try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: cut.fibre, type: .fibre), raised: now))) }
        for n in 0..<300 {
            for cut in cuts { storm.append(try record(.alarmCreate, NMS.alarm(.raised, on: .init(id: cut.circuits[n], type: .circuit), raised: now + 1))) }
        }
        var repeatNumber = 0
        while storm.count < count {
            repeatNumber += 1
            let cut = cuts[repeatNumber % cuts.count]
            let step = repeatNumber / cuts.count
            let object: Alarm.AlarmedObject = step % 301 == 0 ? .init(id: cut.fibre, type: .fibre) : .init(id: cut.circuits[step % 300], type: .circuit)
            storm.append(try record(.alarmAttributeValueChange, NMS.alarm(.updated, on: object, raised: now, changed: now + Double(repeatNumber))))
        }
        self.circuits = cuts.flatMap(\.circuits)
        self.circuitsByProvince = byProvince
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
