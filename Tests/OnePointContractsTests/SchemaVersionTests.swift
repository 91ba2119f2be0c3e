import Foundation
import OnePointContracts
import OnePointDomain
import Testing

/// A contract change is a new schema version, and the old one is still read (docs/events.md).
@Suite("Schema versions")
struct SchemaVersionTests {
    /// `CutoverNoticeEvent` as version 1 wrote it (docs/examples at the commit before v2).
    static let noticeV1 = #"""
{
  "correlationId" : "CO-2026-1125-GZ-01",
  "domain" : "cutover",
  "event" : {
    "advice" : [
      "切换至备用线路 Switch to the backup line",
      "提前备份数据 Back up data beforehand",
      "安排人员恢复后检查 Staff a check after recovery"
    ],
    "affectedCircuits" : [
      {
        "aEndUnit" : "GD-GZ",
        "circuitId" : "GZNJ-ETH-000123",
        "serviceType" : "ETHERNET",
        "zEndUnit" : "JS-NJ"
      }
    ],
    "affectedService" : "以太网专线 Ethernet private line, 1 circuit",
    "contacts" : {
      "customerManager" : {
        "name" : "李敏 Li Min",
        "phone" : "+86 138 0013 8001"
      },
      "cutoverContact" : {
        "name" : "郑工 Zheng Gong",
        "phone" : "+86 138 2222 0303"
      },
      "faultLine" : {
        "name" : "10086 集团客户7×24故障专线",
        "phone" : "10086-8"
      }
    },
    "customer" : {
      "id" : "C-GZ-0001",
      "level" : "diamond",
      "name" : "广州珠江银行 Pearl River Bank"
    },
    "cutoverId" : "CO-2026-1125-GZ-01",
    "emergency" : false,
    "expectedInterruptionMinutes" : 30,
    "inTime" : true,
    "latestSendDate" : "2026-11-17",
    "noticeId" : "CO-2026-1125-GZ-01/C-GZ-0001",
    "reason" : "设备板卡老化更换 Replacing an ageing line board",
    "requiredWorkingDays" : 5,
    "sentAt" : "2026-11-13T09:00:00+08:00",
    "unit" : "GD-GZ",
    "windowEnd" : "2026-11-25T03:00:00+08:00",
    "windowStart" : "2026-11-25T01:00:00+08:00"
  },
  "eventId" : "6f1c2a3e-5b7d-4c2a-9e1f-000000068d60",
  "eventTime" : "2026-11-13T09:00:00+08:00",
  "eventType" : "CutoverNoticeEvent",
  "priority" : "normal",
  "schemaVersion" : 1,
  "source" : {
    "unit" : "GD-GZ",
    "worker" : "onepoint-cutover"
  }
}
"""#

    /// `CutoverApprovedEvent` as version 1 wrote it.
    static let approvedV1 = #"""
{
  "correlationId" : "CO-2026-1125-GZ-01",
  "domain" : "cutover",
  "event" : {
    "affectedCircuits" : 1,
    "affectedCustomers" : 1,
    "at" : "2026-11-12T10:00:02+08:00",
    "cutoverId" : "CO-2026-1125-GZ-01",
    "latestSendDate" : "2026-11-17",
    "problems" : [

    ],
    "requiredWorkingDays" : 5,
    "unit" : "GD-GZ"
  },
  "eventId" : "6f1c2a3e-5b7d-4c2a-9e1f-00000006ac4f",
  "eventTime" : "2026-11-12T10:00:02+08:00",
  "eventType" : "CutoverApprovedEvent",
  "priority" : "normal",
  "schemaVersion" : 1,
  "source" : {
    "unit" : "GD-GZ",
    "worker" : "onepoint-cutover"
  }
}
"""#

    /// `ScorecardEvent` as version 1 wrote it (docs/examples at the commit before v2, no `factIds`).
    static let scorecardV1 = #"""
{
  "correlationId" : "GD-GZ:2026-11",
  "domain" : "reporting",
  "event" : {
    "maximum" : 85,
    "month" : "2026-11",
    "notScored" : [
      "external satisfaction survey (外部满意度评价)"
    ],
    "parts" : [
      {
        "detail" : "no overrun",
        "maximum" : 10,
        "part" : "existingNetworkSurvey",
        "points" : 10
      },
      {
        "detail" : "1 step over (Silver)",
        "maximum" : 10,
        "part" : "constructionSurvey",
        "points" : 9.8
      },
      {
        "detail" : "49 of 50 (98.0 %)",
        "maximum" : 10,
        "part" : "provisioningOnTime",
        "points" : 7.8
      },
      {
        "detail" : "19 of 20 (95.0 %)",
        "maximum" : 15,
        "part" : "acceptancePass",
        "points" : 15
      },
      {
        "detail" : "all within 30 minutes",
        "maximum" : 5,
        "part" : "dataConfiguration",
        "points" : 5
      },
      {
        "detail" : "1 fault over its limit",
        "maximum" : 10,
        "part" : "restorationTime",
        "points" : 8
      },
      {
        "detail" : "12 of 12",
        "maximum" : 10,
        "part" : "complaintTimeliness",
        "points" : 10
      },
      {
        "detail" : "no breach",
        "maximum" : 10,
        "part" : "networkQuality",
        "points" : 10
      },
      {
        "detail" : "1 late cutover notice",
        "maximum" : 5,
        "part" : "informationNotices",
        "points" : 4
      }
    ],
    "total" : 79.6,
    "unit" : "GD-GZ"
  },
  "eventId" : "6f1c2a3e-5b7d-4c2a-9e1f-0000000784d8",
  "eventTime" : "2026-12-01T02:00:00+08:00",
  "eventType" : "ScorecardEvent",
  "priority" : "normal",
  "schemaVersion" : 1,
  "source" : {
    "unit" : "GD-GZ",
    "worker" : "onepoint-reporting"
  }
}
"""#

    @Test("a version 1 scorecard still reads, its parts without fact ids")
    func scorecardV1Reads() throws {
        let envelope = try EventEnvelope<Scorecard>.decode(Array(Self.scorecardV1.utf8))
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.event.parts.count == 9)
        #expect(envelope.event.parts.allSatisfy { $0.factIds == nil })
    }

    @Test("a version 1 cutover notice still reads, addressed to the notifying unit")
    func noticeV1Reads() throws {
        let envelope = try EventEnvelope<CutoverNotice>.decode(Array(Self.noticeV1.utf8))
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.event.noticeId == "CO-2026-1125-GZ-01/C-GZ-0001")
        #expect(envelope.event.customerManagerUnit == nil)
        #expect(envelope.event.addressedUnit == "GD-GZ")
        #expect(EventType.cutoverNotice.schemaVersion == 3)
        #expect(envelope.event.provisional == nil)
    }

    @Test("a version 1 cutover decision still reads")
    func decisionV1Reads() throws {
        let envelope = try EventEnvelope<CutoverDecision>.decode(Array(Self.approvedV1.utf8))
        #expect(envelope.schemaVersion == 1)
        #expect(envelope.event.revision == nil)
        #expect(envelope.event.noticeIds == nil)
    }

    @Test("a version 1 order acceptance still reads; version 2 adds provisional")
    func acceptanceV1Reads() throws {
        let v1 = #"""
        {"correlationId":"SO-1","domain":"provisioning","event":{"at":"2026-12-20T10:00:00+08:00","coordinator":"SC-CD",
        "customer":{"id":"C-1","level":"bronze","name":"X"},"deadline":"2027-01-04T18:00:00+08:00","endToEndReporter":"SC-CD",
        "limit":"10 working days","orderId":"SO-1","scope":"local","state":"inProgress"},
        "eventId":"6f1c2a3e-5b7d-4c2a-9e1f-000000000001","eventTime":"2026-12-20T10:00:00+08:00","eventType":"ServiceOrderAcceptedEvent",
        "priority":"normal","schemaVersion":1,"source":{"unit":"SC-CD","worker":"onepoint-provisioning"}}
        """#
        let old = try EventEnvelope<OrderAcceptance>.decode(Array(v1.utf8))
        #expect(old.schemaVersion == 1)
        #expect(old.event.provisional == nil)
        let v2 = v1.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":2"#)
            .replacingOccurrences(of: #""limit":"10 working days","#, with: #""limit":"10 working days","provisional":true,"#)
        let new = try EventEnvelope<OrderAcceptance>.decode(Array(v2.utf8))
        #expect(new.event.provisional == true)
        #expect(EventType.serviceOrderAccepted.schemaVersion == 2)
    }

    @Test("a version 1 stage report still reads; version 2, the same payload, is keyed by the order id instead of the work-order id")
    func progressV1Reads() throws {
        let v1 = #"""
        {"correlationId":"SO-1/GD-GZ","domain":"provisioning","event":{"at":"2026-11-23T10:00:00+08:00","orderId":"SO-1",
        "reportedBy":"duty","stage":"engineering","unit":"GD-GZ","workOrderId":"SO-1/GD-GZ"},
        "eventId":"6f1c2a3e-5b7d-4c2a-9e1f-000000000002","eventTime":"2026-11-23T10:00:00+08:00","eventType":"WorkOrderStageReportEvent",
        "priority":"normal","schemaVersion":1,"source":{"unit":"GD-GZ","worker":"unit-system"}}
        """#
        let old = try EventEnvelope<WorkOrderStageReport>.decode(Array(v1.utf8))
        #expect(old.schemaVersion == 1)
        #expect(old.event.workOrderId == "SO-1/GD-GZ")
        let v2 = v1.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":2"#)
        let new = try EventEnvelope<WorkOrderStageReport>.decode(Array(v2.utf8))
        #expect(new.event == old.event)
        #expect(try EventRecord(new, topology: ContractFixtures.topology).key == "SO-1")
        for type in [EventType.workOrderStageReport, .workOrderClockStopStarted, .workOrderClockStopEnded, .workOrderDelayApplication,
            .workOrderDataConfigurationStarted, .workOrderAcceptanceResult, .testReportCreate]
        {
            #expect(type.schemaVersion == 2, "\(type)")
            #expect(type.keyDescription == "order id (v1: work-order id)", "\(type)")
        }
    }

    @Test("a version this build does not know is refused, naming the versions it reads")
    func futureVersionRefused() throws {
        let future = Self.noticeV1.replacingOccurrences(of: #""schemaVersion" : 1"#, with: #""schemaVersion" : 4"#)
        #expect(throws: ContractError.self) { try EventEnvelope<CutoverNotice>.decode(Array(future.utf8)) }
        do {
            _ = try EventEnvelope<CutoverNotice>.decode(Array(future.utf8))
        } catch {
            #expect(error.message == "schemaVersion: 4 is not supported for CutoverNoticeEvent; this build reads 1 to 3")
        }
    }
}
