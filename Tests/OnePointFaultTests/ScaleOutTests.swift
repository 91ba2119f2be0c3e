import Foundation
import GRDB
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault
import OnePointKafka
import OnePointRuntime
import OnePointState
import Testing

/// The fault worker under tasks (issue 15, docs/fault.md "Scaling out"), in-process on the
/// runtime's decision path (``WorkerTestHarness``): routing keys by correlation domain, ticket
/// ids that carry the domain and task, single-task ids unchanged.
@Suite("Fault worker scale-out")
struct ScaleOutTests {
    static let topics = TopicNames()

    static func domain() throws -> DomainConfiguration { try DomainConfiguration.load(directory: configDirectory) }

    static func logic(layout: TaskLayout = .single) throws -> FaultLogic {
        var logic = FaultLogic(domain: try domain(), settings: FaultSettings.defaults, topics: topics)
        logic.taskLayout = layout
        return logic
    }

    /// A fault worker's decisions in task `task`, with `inventory` loaded.
    static func harness(task: Int32 = 0, layout: TaskLayout = .single, inventory: TestInventory = plant()) throws -> WorkerTestHarness<FaultLogic> {
        let harness = try WorkerTestHarness(logic: try logic(layout: layout), worker: "onepoint-fault", start: t0, task: task)
        for customer in inventory.customers { try send(harness, .customerUpdate, customer) }
        for circuit in inventory.circuits { try send(harness, .circuitUpdate, circuit) }
        for element in inventory.elements { try send(harness, .networkElementUpdate, element) }
        return harness
    }

    /// Guangzhou's customer C-A on an OLT and a city fibre, carried between provinces by an HQ
    /// trunk; Nanjing's customer C-J; C-X's circuit from Guangzhou to Nanjing.
    static func plant() -> TestInventory {
        var inventory = TestInventory()
        let a = inventory.customer("C-A", .gold, unit: "GD-GZ", circuits: 2)
        let j = inventory.customer("C-J", .gold, unit: "JS-NJ")
        inventory.customers.append(Customer(
            id: "C-X", name: "Customer C-X", level: .gold, assurance: .aa, units: ["GD-GZ"],
            customerManager: Contact(name: "Manager of C-X", phone: "+86 138 0000 0000")))
        inventory.circuits.append(Circuit(
            id: "C-X-C1", customerId: "C-X", serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000, aEnd: .init(unit: "GD-GZ", address: "A"),
            zEnd: .init(unit: "JS-NJ", address: "Z"), assurance: .aa, scope: .crossProvince))
        inventory.element("GZ-OLT-1", .node, unit: "GD-GZ", ports: [.init(id: "1", circuitIds: [a[0]]), .init(id: "2", circuitIds: [a[1]])], circuits: [])
        inventory.element("GZ-FIBRE-7", .fibreCable, unit: "GD-GZ", circuits: a)
        inventory.element("SZ-OTN-3", .node, unit: "GD-SZ", ports: [.init(id: "4", circuitIds: [a[1]])], circuits: [])
        inventory.element("NJ-OLT-1", .node, unit: "JS-NJ", circuits: j)
        inventory.element("TRUNK-GD-JS", .fibreCable, unit: "HQ", circuits: [a[0], j[0], "C-X-C1"])
        return inventory
    }

    static func record<P: EventPayload>(_ type: EventType, _ payload: P, unit: UnitID = "HQ") throws -> EventRecord {
        try EventRecord(EventEnvelope(type, event: payload, eventTime: t0, source: EventSource(unit: unit, worker: "test")), topology: try domain().topology)
    }

    @discardableResult
    static func send<P: EventPayload>(_ harness: WorkerTestHarness<FaultLogic>, _ type: EventType, _ payload: P, partition: Int32 = 0) throws -> [OutboxRecord] {
        let record = try record(type, payload)
        return try harness.send(
            topic: topics.name(of: record.topic), key: record.key, value: record.value, headers: record.headers.map { ($0.name, $0.value) },
            partition: partition)
    }

    /// The routing key the logic gives `payload` read from `partition`, on `harness`'s store.
    static func route<P: EventPayload>(_ harness: WorkerTestHarness<FaultLogic>, _ type: EventType, _ payload: P, partition: Int32 = 0) throws -> String? {
        let record = try record(type, payload)
        let logic = try logic(layout: .perPartition)
        let input = try logic.decode(record.input(on: topics.name(of: record.topic), partition: partition)).input
        return try harness.read { db in try logic.route(input, in: db) }
    }

    static func alarm(_ id: String, _ type: Alarm.AlarmedObject.Kind, system: String = "GD-OTN-NMS", raised: Date = t0) -> Alarm {
        var alarm = NMS.alarm(.raised, on: .init(id: id, type: type), raised: raised)
        alarm.reportingSystemId = system
        return alarm
    }

    /// The tickets created among `outputs`.
    static func created(_ outputs: [OutboxRecord]) throws -> [TroubleTicket] {
        try outputs.compactMap { output in
            guard output.headers.contains(where: { $0.0 == "eventType" && $0.1 == Array(EventType.troubleTicketCreate.rawValue.utf8) }) else { return nil }
            return try EventEnvelope<TroubleTicket>.decode(try #require(output.value)).event
        }
    }

    // MARK: - Routing keys

    @Test("alarms route by the province of the object's maintaining unit; HQ plant and circuits spanning provinces by HQ")
    func alarmKeys() throws {
        let harness = try Self.harness()
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("C-A-C1", .circuit)) == "GD", "a Guangzhou circuit: Guangdong")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement)) == "GD")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("GZ-OLT-1/2", .port)) == "GD", "a port: its node's unit")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("SZ-OTN-3/4", .port)) == "GD", "Shenzhen is Guangdong too")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("NJ-OLT-1", .networkElement)) == "JS")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("TRUNK-GD-JS", .fibre)) == "HQ", "an HQ trunk")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("C-X-C1", .circuit)) == "HQ", "a circuit from Guangdong to Jiangsu")
        #expect(try Self.route(harness, .alarmClear, NMS.alarm(.cleared, on: .init(id: "GZ-OLT-1", type: .networkElement), raised: t0, cleared: t0 + 60)) == "GD")
        // Not on the inventory: the reporting system's unit, else HQ.
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("UNKNOWN-9", .networkElement, system: "JS-SZ-OTN-NMS")) == "JS")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("UNKNOWN-9", .networkElement, system: "ACME-NMS")) == "HQ")
    }

    @Test("inventory, planned outages and assurance periods are read by every task: no routing key")
    func globalInputs() throws {
        let harness = try Self.harness()
        let plant = Self.plant()
        #expect(try Self.route(harness, .customerUpdate, plant.customers[0]) == nil)
        #expect(try Self.route(harness, .circuitUpdate, plant.circuits[0]) == nil)
        #expect(try Self.route(harness, .networkElementUpdate, plant.elements[0]) == nil)
        #expect(try Self.route(harness, .plannedOutage, PlannedOutage(
            cutoverId: "CO-1", unit: "GD-GZ", windowStart: t0, windowEnd: t0 + minutes(60), elementIds: ["GZ-OLT-1"], circuitIds: [])) == nil)
        #expect(try Self.route(harness, .assurancePeriodCreate, AssurancePeriod(
            periodId: "AP-1", name: "重保", units: ["GD"], customerIds: [], from: t0, to: t0 + minutes(360), declaredBy: "HQ duty")) == nil)
    }

    @Test("reports, complaints and complaint commands route by the domain of their circuit, customer or acting unit")
    func reportAndComplaintKeys() throws {
        let harness = try Self.harness()
        func report(_ circuit: String, customer: String, unit: UnitID = "GD-GZ") -> FaultReport {
            FaultReport(
                reportId: "FR-1", circuitId: circuit, customerId: customer, unit: unit, channel: .phone, reportedBy: Contact(name: "IT desk", phone: "1"),
                reportedAt: t0, description: "link down")
        }
        #expect(try Self.route(harness, .faultReportCreate, report("C-A-C2", customer: "C-A")) == "GD")
        #expect(try Self.route(harness, .faultReportCreate, report("C-X-C1", customer: "C-X")) == "HQ", "as the circuit's alarms")
        #expect(try Self.route(harness, .faultReportCreate, report("NOT-KNOWN", customer: "C-J", unit: "JS")) == "JS", "the customer's unit")
        #expect(try Self.route(harness, .faultReportCreate, report("NOT-KNOWN", customer: "NOBODY", unit: "JS-WX")) == "JS", "the receiving unit")
        func complaint(circuit: String?, customer: String) -> Complaint {
            Complaint(
                complaintId: "CP-1", customerId: customer, circuitId: circuit, unit: "HQ", subject: "Line down", description: "Service down",
                receivedBy: "10086 agent", receivedAt: t0)
        }
        #expect(try Self.route(harness, .complaintCreate, complaint(circuit: "C-A-C1", customer: "C-A")) == "GD")
        #expect(try Self.route(harness, .complaintCreate, complaint(circuit: nil, customer: "C-J")) == "JS")
        #expect(try Self.route(harness, .complaintCommand, ComplaintCommand(complaintId: "CP-1", action: .acknowledge, unit: "GD-GZ", by: "duty", at: t0)) == "GD")
        #expect(try Self.route(harness, .complaintCommand, ComplaintCommand(complaintId: "CP-1", action: .acknowledge, unit: "JS", by: "duty", at: t0)) == "JS")
        #expect(try Self.route(harness, .complaintCommand, ComplaintCommand(complaintId: "CP-1", action: .acknowledge, unit: "HQ", by: "duty", at: t0)) == "HQ")
    }

    // MARK: - Ticket ids

    @Test("a ticket made in task 3 carries its domain and task; a command on it routes to that domain and applies there")
    func ticketCommandKey() throws {
        let harness = try Self.harness(task: 3)
        let tickets = try Self.created(try Self.send(harness, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement)))
        let ticket = try #require(tickets.first)
        #expect(ticket.id == "TT-GD-2026-1123-3-0001")
        let logic = try Self.logic()
        #expect(logic.ticketDomain(ticket.id) == "GD")
        let command = TicketCommand(ticketId: ticket.id, action: .acknowledge, unit: "GD-GZ", by: "duty", at: t0 + 60)
        #expect(try Self.route(harness, .troubleTicketCommand, command) == "GD", "the same key as the alarm that made it")
        #expect(try Self.route(harness, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement)) == "GD")
        try harness.advance(by: 60)
        let outputs = try Self.send(harness, .troubleTicketCommand, command)
        #expect(!outputs.isEmpty && outputs.allSatisfy { $0.topic != "onepoint.dead-letters" }, "applied in the ticket's task")
        // A single-task id carries no domain: applied where it is read.
        #expect(try Self.route(harness, .troubleTicketCommand, TicketCommand(ticketId: "TT-2026-1123-0001", action: .acknowledge, unit: "GD-GZ", by: "d", at: t0)) == nil)
        #expect(logic.ticketDomain("TT-XX-2026-1123-3-0001") == nil, "not a unit of the topology")
        #expect(logic.ticketDomain("TT-GD-2026-1123-3") == nil)
    }

    @Test("an HQ trunk's ticket carries HQ; a domain with a hyphen is read back whole")
    func hqTicket() throws {
        let harness = try Self.harness(task: 1)
        let ticket = try #require(try Self.created(try Self.send(harness, .alarmCreate, Self.alarm("TRUNK-GD-JS", .fibre))).first)
        #expect(ticket.id == "TT-HQ-2026-1123-1-0001")
        #expect(try Self.logic().ticketDomain(ticket.id) == "HQ")
        #expect(try Self.logic().ticketDomain("TT-GD-GZ-2026-1123-1-0001") == "GD-GZ")
    }

    @Test("tasks 1 and 2 make distinct ticket ids and event ids for the same alarm")
    func distinctAcrossTasks() throws {
        let one = try Self.harness(task: 1), two = try Self.harness(task: 2)
        let fromOne = try Self.send(one, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement))
        let fromTwo = try Self.send(two, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement))
        let a = try #require(try Self.created(fromOne).first), b = try #require(try Self.created(fromTwo).first)
        #expect(a.id == "TT-GD-2026-1123-1-0001")
        #expect(b.id == "TT-GD-2026-1123-2-0001")
        #expect(Set(fromOne.map(\.eventID)).isDisjoint(with: fromTwo.map(\.eventID)))
        // A planned outage (a global topic) is decided in every task, and so is the timer that
        // ends its window: the tickets each task opens then have distinct event ids too.
        let outage = PlannedOutage(cutoverId: "CO-9", unit: "JS-NJ", windowStart: t0, windowEnd: t0 + minutes(30), elementIds: ["NJ-OLT-1"], circuitIds: [])
        for harness in [one, two] {
            try Self.send(harness, .plannedOutage, outage)
            try harness.advance(by: 60)
            #expect(try Self.send(harness, .alarmCreate, Self.alarm("NJ-OLT-1", .networkElement, raised: t0 + 60)).isEmpty, "held by the outage")
        }
        let endOne = try one.advance(by: minutes(60)), endTwo = try two.advance(by: minutes(60))
        #expect(try Self.created(endOne).map(\.id) == ["TT-JS-2026-1123-1-0002"])
        #expect(try Self.created(endTwo).map(\.id) == ["TT-JS-2026-1123-2-0002"])
        #expect(Set(endOne.map(\.eventID)).isDisjoint(with: endTwo.map(\.eventID)))
    }

    @Test("task 0 keeps today's ids; with the per-partition layout task 0's ids carry the domain too")
    func taskZero() throws {
        let single = try Self.harness(task: 0)
        let outputs = try Self.send(single, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement))
        let ticket = try #require(try Self.created(outputs).first)
        #expect(ticket.id == "TT-2026-1123-0001")
        let second = try #require(try Self.created(try Self.send(single, .alarmCreate, Self.alarm("NJ-OLT-1", .networkElement))).first)
        #expect(second.id == "TT-2026-1123-0002")
        let scaled = try Self.harness(task: 0, layout: .perPartition)
        let routed = try #require(try Self.created(try Self.send(scaled, .alarmCreate, Self.alarm("NJ-OLT-1", .networkElement))).first)
        #expect(routed.id == "TT-JS-2026-1123-0-0001")
        #expect(try Self.logic().ticketDomain(routed.id) == "JS")
    }

    @Test("a fibre cut's alarms arriving on different partitions route to one domain and make one ticket there")
    func fibreCut() throws {
        let reading = try Self.harness(task: 0, layout: .perPartition)
        let cut = t0 + minutes(5)
        let alarms = [
            Self.alarm("GZ-FIBRE-7", .fibre, raised: cut), Self.alarm("GZ-OLT-1/1", .port, raised: cut + 2), Self.alarm("GZ-OLT-1/2", .port, raised: cut + 3),
            Self.alarm("SZ-OTN-3/4", .port, raised: cut + 4), Self.alarm("C-A-C1", .circuit, raised: cut + 5),
        ]
        let keys = try alarms.enumerated().map { n, alarm in try Self.route(reading, .alarmCreate, alarm, partition: Int32(n % 3)) }
        #expect(Set(keys) == ["GD"], "every alarm of the cut to Guangdong: \(keys)")
        // Applied in Guangdong's task (here task 4), they make one ticket.
        let domainTask = try Self.harness(task: 4, layout: .perPartition)
        try domainTask.advance(to: cut + 5)
        var created: [TroubleTicket] = []
        for (n, alarm) in alarms.enumerated() { created += try Self.created(try Self.send(domainTask, .alarmCreate, alarm, partition: Int32(n % 3))) }
        #expect(created.map(\.id) == ["TT-GD-2026-1123-4-0001"])
        #expect(try domainTask.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fault_tickets") } == 1)
        // Jiangsu's plant is another domain.
        #expect(try Self.route(reading, .alarmCreate, Self.alarm("NJ-OLT-1", .networkElement, raised: cut)) == "JS")
    }

    @Test("a complaint naming a ticket of another domain keeps the link; one of its own domain must be here")
    func complaintLinkAcrossDomains() throws {
        let harness = try Self.harness(task: 2, layout: .perPartition)
        func complaint(_ id: String, ticket: String) -> Complaint {
            Complaint(
                complaintId: id, customerId: "C-A", circuitId: "C-A-C1", ticketId: ticket, unit: "HQ", subject: "Line down", description: "Service down",
                receivedBy: "10086 agent", receivedAt: t0)
        }
        let elsewhere = try Self.send(harness, .complaintCreate, complaint("CP-1", ticket: "TT-JS-2026-1123-5-0001"))
        #expect(!elsewhere.isEmpty && elsewhere.allSatisfy { $0.topic != "onepoint.dead-letters" }, "Jiangsu's ticket lives in another task")
        let missing = try Self.send(harness, .complaintCreate, complaint("CP-2", ticket: "TT-GD-2026-1123-5-0009"))
        #expect(missing.map(\.topic) == ["onepoint.dead-letters"], "a Guangdong ticket would be in this task")
    }

    @Test("an assurance period's end: task 0 always summarises, another task only its own tickets")
    func assuranceSummaries() throws {
        let period = AssurancePeriod(periodId: "AP-1", name: "重保", units: ["GD"], customerIds: [], from: t0, to: t0 + minutes(60), declaredBy: "HQ duty")
        func summaries(_ outputs: [OutboxRecord]) -> [AssurancePeriodSummary] {
            outputs.filter { $0.topic == Self.topics.name(of: .notifications) }.compactMap { output in
                output.value.flatMap { try? EventEnvelope<AssurancePeriodSummary>.decode($0).event }
            }
        }
        let zero = try Self.harness(task: 0, layout: .perPartition), idle = try Self.harness(task: 1, layout: .perPartition)
        let busy = try Self.harness(task: 2, layout: .perPartition)
        for harness in [zero, idle, busy] { try Self.send(harness, .assurancePeriodCreate, period) }
        try Self.send(busy, .alarmCreate, Self.alarm("GZ-OLT-1", .networkElement))
        #expect(summaries(try zero.advance(by: minutes(120))).map(\.ticketIds) == [[]])
        #expect(summaries(try idle.advance(by: minutes(120))).isEmpty)
        #expect(summaries(try busy.advance(by: minutes(120))).map(\.ticketIds) == [["TT-GD-2026-1123-2-0001"]])
    }
}
