import Foundation
import GRDB
import OnePointContracts
import OnePointDomain
import OnePointKafka
import OnePointProvisioning
@testable import OnePointRuntime
import OnePointState
import Testing

/// Issue 15: with a task per partition each task has its own store, so an id made up from a
/// store's counter would repeat across tasks. The provisioning worker makes up none: work-order
/// ids are `<order id>/<unit>`, the circuit `CKT-<order id>`, event ids fresh UUIDs; an order and
/// every input about it reach one task (keyed by the order id), so its ids are unique across
/// tasks and do not depend on which task decides it.
@Suite("Provisioning: ids unique across tasks")
struct TaskIdsTests {
    /// What one decision made up.
    struct Made {
        var eventIds: [String]
        var workOrderIds: [String]
        var circuitIds: [String]
    }

    /// Decides service order `order` in a fresh store of task `task` under `folder`, as the
    /// runtime does (decode, then apply with the task in the context), and returns the ids it
    /// made up: the events in its outbox, the work orders it dispatched, the circuit it reserved.
    static func dispatch(_ order: ServiceOrder, task: Int32, folder: String) throws -> Made {
        let logic = ProvisioningLogic(configuration: shippedConfiguration)
        let store = try StateStore(path: "\(folder)/task-\(task).sqlite", migrations: logic.migrate)
        let envelope = EventEnvelope(
            .serviceOrderCreate, event: order, eventTime: order.orderDate, source: EventSource(unit: order.initiatingUnit, worker: "crm"))
        let record = try EventRecord(envelope, topology: shippedConfiguration.topology)
        let decoded = try logic.decode(record.input(on: Topic.serviceOrders.defaultName, partition: task))
        return try store.queue.write { db in
            var context = DecisionContext(db: db, now: order.orderDate, cause: decoded.id, task: task)
            #expect(context.task == task)
            try logic.apply(decoded.input, in: &context)
            let outputs = try StateTables.pendingOutputs(db, limit: 1000)
            let workOrders = try outputs.filter { $0.topic == Topic.workOrders.defaultName }.map { output in
                try EventEnvelope<WorkOrder>.decode(output.value ?? []).event.id
            }
            let circuits = try String.fetchAll(db, sql: "SELECT json_extract(CAST(body AS TEXT), '$.circuitId') FROM prov_orders")
            return Made(eventIds: outputs.map(\.eventID), workOrderIds: workOrders, circuitIds: circuits)
        }
    }

    @Test("two tasks deciding two orders make up distinct ids; task 0's are today's, and an order's ids do not depend on its task")
    func distinctAcrossTasks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-task-ids-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = cst("2026-11-23 09:00")
        let first = try Fixtures.order("SO-IDS-1", level: .gold, points: ["GD-GZ", "GD-SZ"], initiator: "GD-GZ", at: now)
        let second = try Fixtures.order("SO-IDS-2", level: .gold, points: ["GD-GZ", "GD-SZ"], initiator: "GD-GZ", at: now)

        let task0 = try Self.dispatch(first, task: 0, folder: folder + "/a")
        let task4 = try Self.dispatch(second, task: 4, folder: folder + "/a")
        // Today's formats, unchanged in task 0.
        #expect(task0.workOrderIds.sorted() == ["SO-IDS-1/GD", "SO-IDS-1/GD-GZ", "SO-IDS-1/GD-SZ"])
        #expect(task0.circuitIds == ["CKT-SO-IDS-1"])
        #expect(task4.workOrderIds.sorted() == ["SO-IDS-2/GD", "SO-IDS-2/GD-GZ", "SO-IDS-2/GD-SZ"])
        #expect(task4.circuitIds == ["CKT-SO-IDS-2"])
        // Nothing one task made up is made up by the other.
        #expect(Set(task0.eventIds).isDisjoint(with: task4.eventIds))
        #expect(Set(task0.workOrderIds).isDisjoint(with: task4.workOrderIds))
        #expect(Set(task0.circuitIds).isDisjoint(with: task4.circuitIds))
        #expect(Set(task0.eventIds + task4.eventIds).count == task0.eventIds.count + task4.eventIds.count)
        #expect(task0.eventIds.count == 5, "accepted, three work orders, dispatched")

        // The same order decided by task 4 (another machine's store) gets the same work-order and
        // circuit ids: they follow the order, which one task holds, not the task.
        let moved = try Self.dispatch(first, task: 4, folder: folder + "/b")
        #expect(moved.workOrderIds.sorted() == task0.workOrderIds.sorted())
        #expect(moved.circuitIds == task0.circuitIds)
        #expect(Set(moved.eventIds).isDisjoint(with: task0.eventIds), "event ids are fresh UUIDs")
    }
}
