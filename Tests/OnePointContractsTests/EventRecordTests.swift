import Foundation
import OnePointContracts
import OnePointDomain
import Testing

@Suite("Kafka keys and headers")
struct EventRecordTests {
    let topology = ContractFixtures.topology

    func record(_ type: EventType) throws -> EventRecord {
        try #require(EventCatalogueTests.examples[type]).record(topology)
    }

    @Test("a service order: keyed by order id, headers for filtering without JSON")
    func serviceOrder() throws {
        let record = try record(.serviceOrderCreate)
        #expect(record.topic == .serviceOrders)
        #expect(record.key == "SO-2026-1120-0001")
        #expect(record.headers.map(\.name) == ["eventType", "eventId", "schemaVersion", "unit", "tier", "correlationId"])
        #expect(record.header("eventType") == "ServiceOrderCreateEvent")
        #expect(record.header("eventId") == ContractExamples.eventId(1))
        #expect(record.header("schemaVersion") == "1")
        #expect(record.header("unit") == "GD-GZ")
        #expect(record.header("tier") == "city")
        #expect(record.header("correlationId") == "SO-2026-1120-0001")
        #expect(try EventHead(headers: record.headers) == EventHead(json: record.value))
    }

    @Test("a work order is addressed to its unit, whoever dispatched it")
    func workOrder() throws {
        var leg = ContractExamples.workOrder
        leg.id = "SO-2026-1120-0001/GD"
        leg.unit = "GD"
        leg.role = .provincialBackbone
        let envelope = EventEnvelope(
            .workOrderCreate, event: leg, eventTime: ContractFixtures.at("2026-11-20T16:00:00+08:00"),
            source: ContractExamples.provisioning, correlationId: leg.orderId)
        let record = try EventRecord(envelope, topology: topology)
        #expect(record.topic == .workOrders)
        #expect(record.key == "SO-2026-1120-0001/GD")
        #expect(record.header("unit") == "GD")
        #expect(record.header("tier") == "province")
        #expect(record.header("correlationId") == "SO-2026-1120-0001")
    }

    @Test("an alarm is keyed by its reduction key; inventory by kind and id")
    func alarmsAndInventory() throws {
        let alarm = try record(.alarmCreate)
        #expect(alarm.topic == .alarms)
        #expect(alarm.key == "fibre:FC-GZ-SZ-07:lossOfSignal:R_LOS")
        #expect(try record(.alarmClear).key == alarm.key)
        #expect(alarm.header("unit") == "GD-GZ")
        #expect(try record(.customerUpdate).key == "customer:C-GZ-0001")
        #expect(try record(.circuitUpdate).key == "circuit:GZNJ-ETH-000123")
        #expect(try record(.networkElementUpdate).key == "element:GZ-TH-PTN-03")
        #expect(try record(.troubleTicketCreate).key == "TT-2026-1215-0007")
        #expect(try record(.cutoverNotice).key == "CO-2026-1125-GZ-01")
        #expect(try record(.scorecard).key == "GD-GZ:2026-11")
        let escalation = try record(.escalationNotification)
        #expect(escalation.topic == .notifications)
        #expect(escalation.key == "TT-2026-1215-0007")
    }

    @Test("a dead letter repeats its reason and origin in headers")
    func deadLetter() throws {
        let record = try record(.deadLetter)
        #expect(record.topic == .deadLetters)
        #expect(record.key == "fibre:FC-GZ-SZ-07:lossOfSignal")
        #expect(record.header("deadLetterReason") == "invalidValue")
        #expect(record.header("sourceTopic") == "onepoint.alarms")
        #expect(record.header("sourcePartition") == "3")
        #expect(record.header("sourceOffset") == "18204")
        #expect(record.header("sourceWorker") == "onepoint-fault")
        #expect(record.header("attempts") == "1")
    }

    @Test("a record with a unit the topology does not know is refused, naming the field")
    func unknownUnit() throws {
        var order = try EventEnvelope<ServiceOrder>.decode(try #require(EventCatalogueTests.examples[.serviceOrderCreate]).pretty())
        order.event.accessPoints[1].unit = "GD-XX"
        #expect(throws: ContractError(.invalidValue, path: "event.accessPoints[1].unit", "unknown unit 'GD-XX'")) {
            try EventRecord(order, topology: topology)
        }
        order.event.accessPoints[1].unit = "JS-NJ"
        order.source.unit = "XX"
        #expect(throws: ContractError(.invalidValue, path: "source.unit", "unknown unit 'XX'")) {
            try EventRecord(order, topology: topology)
        }
    }

    @Test("an envelope whose type carries another payload is not written")
    func mismatchedType() throws {
        var alarm = try EventEnvelope<Alarm>.decode(try #require(EventCatalogueTests.examples[.alarmCreate]).pretty())
        alarm.eventType = .troubleTicketCreate
        #expect(throws: ContractError.self) { try alarm.encoded() }
    }
}
