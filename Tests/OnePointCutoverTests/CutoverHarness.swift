import Foundation
import OnePointConfig
import OnePointContracts
import OnePointCutover
import OnePointDomain
import OnePointTestSupport
import Testing

/// The package's `config/` folder.
let configDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("config").path

/// An instant written as people write it: `2026-11-16T10:00:00+08:00`.
func at(_ text: String) -> Date {
    (try? ISOTime.parse(text, role: "test instant")) ?? Date(timeIntervalSince1970: 0)
}

/// The element every scenario changes, in Guangzhou: it carries a circuit of each customer.
let element = "GZ-TH-PTN-09"

/// Four customers of different levels on one element (two circuits for the Diamond one), plus
/// a Bronze customer on another element; the Key customer's manager sits in Shenzhen.
func inventory() -> (customers: [Customer], circuits: [Circuit], elements: [NetworkElement]) {
    func customer(_ id: String, _ level: CustomerLevel, manager unit: UnitID) -> Customer {
        Customer(id: id, name: "客户 \(id)", level: level, assurance: .aa, units: [unit], customerManager: Contact(name: "经理 \(id)", phone: "+86 138 0000 \(id.suffix(4))"))
    }
    func circuit(_ id: String, of customer: String) -> Circuit {
        Circuit(
            id: id, customerId: customer, serviceType: .ethernetPrivateLine, bandwidthKbps: 100_000, aEnd: .init(unit: "GD-GZ", address: "A"),
            zEnd: .init(unit: "GD-GZ", address: "Z"), assurance: .aa, scope: .local)
    }
    let customers = [
        customer("C-D-0001", .diamond, manager: "GD-GZ"), customer("C-K-0002", .key, manager: "GD-SZ"),
        customer("C-S-0003", .silver, manager: "GD-GZ"), customer("C-B-0004", .bronze, manager: "GD-GZ"),
        customer("C-B-0005", .bronze, manager: "GD-GZ"),
    ]
    let circuits = [
        circuit("D-1", of: "C-D-0001"), circuit("D-2", of: "C-D-0001"), circuit("K-1", of: "C-K-0002"), circuit("S-1", of: "C-S-0003"),
        circuit("B-1", of: "C-B-0004"), circuit("B-5", of: "C-B-0005"),
    ]
    let elements = [
        NetworkElement(
            id: element, kind: .node, name: "天河 PTN-09", unit: "GD-GZ",
            ports: [.init(id: "1-1-1", circuitIds: ["D-1", "D-2"]), .init(id: "1-1-2", circuitIds: ["K-1", "S-1"])], circuitIds: ["B-1"]),
        NetworkElement(id: "GZ-BY-PTN-02", kind: .node, name: "白云 PTN-02", unit: "GD-GZ", ports: [], circuitIds: ["B-5"]),
        NetworkElement(id: "GZ-EMPTY-01", kind: .node, name: "空闲 PTN", unit: "GD-GZ", ports: [], circuitIds: []),
        NetworkElement(id: "SZ-QH-PTN-07", kind: .node, name: "前海 PTN-07", unit: "GD-SZ", ports: [], circuitIds: ["K-1"]),
    ]
    return (customers, circuits, elements)
}

/// A cutover plan by Guangzhou on its local network.
func plan(
    _ id: String, start: String, end: String, elements: [String] = [element], circuits: [String] = [], emergency: Bool = false,
    unit: UnitID = "GD-GZ", network: CutoverPlan.Network = .localNetwork, interruption: Int = 30, submitted: Date
) -> CutoverPlan {
    CutoverPlan(
        cutoverId: id, title: "板卡更换 Board replacement", reason: "设备板卡老化更换 Replacing an ageing line board", kind: .cutover, network: network,
        emergency: emergency, unit: unit, windowStart: at(start), windowEnd: at(end), expectedInterruptionMinutes: interruption,
        elementIds: elements, circuitIds: circuits, contact: Contact(name: "郑工 Zheng Gong", phone: "+86 138 2222 0303"), submittedBy: "GZ NOC",
        submittedAt: submitted)
}

extension WorkerHarness {
    /// A cutover worker's harness on the shipped configuration.
    static func cutover(start: Date) throws -> WorkerHarness { try WorkerHarness(.cutover, configDirectory: configDirectory, start: start) }

    var logic: CutoverLogic { CutoverLogic(domain: domain, settings: CutoverConfiguration.defaults, topics: topics) }

    /// Publishes the test inventory and waits until the worker holds it.
    func loadInventory() async throws {
        let (customers, circuits, elements) = inventory()
        var records: [EventRecord] = []
        for customer in customers { records.append(try record(.customerUpdate, customer)) }
        for circuit in circuits { records.append(try record(.circuitUpdate, circuit)) }
        for element in elements { records.append(try record(.networkElementUpdate, element)) }
        try await send(records)
        try await settle()
    }

    func submit(_ plan: CutoverPlan) async throws {
        try await send([try record(.cutoverPlanCreate, plan, unit: plan.unit)])
        try await settle()
    }

    func feedback(_ cutover: String, _ customer: String, _ answer: CutoverFeedback.Answer, unit: UnitID = "GD-GZ") async throws {
        try await send([try record(.cutoverFeedback, CutoverFeedback(cutoverId: cutover, customerId: customer, unit: unit, answer: answer, receivedAt: clock.now()), unit: unit)])
        try await settle()
    }

    func revise(_ cutover: String, start: String, end: String) async throws {
        let revision = CutoverRevision(
            cutoverId: cutover, unit: "GD-GZ", reason: "customer asked for another night", windowStart: at(start), windowEnd: at(end),
            revisedBy: "GZ NOC", revisedAt: clock.now())
        try await send([try record(.cutoverPlanAttributeValueChange, revision, unit: "GD-GZ")])
        try await settle()
    }

    func report(_ cutover: String, _ outcome: CutoverExecutionReport.Outcome, interruption: Int? = nil) async throws {
        let report = CutoverExecutionReport(cutoverId: cutover, unit: "GD-GZ", outcome: outcome, actualInterruptionMinutes: interruption, reportedBy: "GZ NOC", at: clock.now())
        try await send([try record(.cutoverExecutionReport, report, unit: "GD-GZ")])
        try await settle()
    }
}

/// What the cutover worker writes.
let cutoverOutputs: [Topic] = [.cutoverNotices, .plannedOutages, .orderEvents]
