import Foundation
import OnePointContracts
import OnePointDomain
import OnePointRuntime

extension ProvisioningLogic {
    // MARK: Intake

    /// Takes a schema-valid order: checks the business rules, then accepts and dispatches it, or
    /// rejects it naming every problem; a cease order closes its circuit.
    func takeOrder(_ order: ServiceOrder, in context: inout DecisionContext) throws {
        if let existing = try ProvisioningTables.order(context.db, id: order.id) {
            throw InputRejection(
                .validation, "service order \(order.id) already exists (\(existing.state)); an order id is used once, submit changes under a new id")
        }
        let circuit = try order.circuitId.flatMap { try ProvisioningTables.circuit(context.db, id: $0) }
        var problems = Self.problems(of: order, topology: topology, knownCircuit: circuit != nil)
        var route: OrderRoute?
        if problems.isEmpty && order.action == .add {
            do {
                // Who coordinates business that is not cross-domain is the province's policy (topology.yaml).
                route = try topology.route(
                    accessPoints: order.accessPoints.map(\.unit), initiator: order.initiatingUnit, policies: configuration.coordination)
            } catch {
                problems.append(.init(field: "accessPoints", code: error.code.rawValue, message: error.message))
            }
        }
        guard problems.isEmpty else {
            try reject(order.id, unit: order.initiatingUnit, problems: problems, in: &context)
            return
        }
        switch order.action {
        case .add:
            if let route { try dispatch(order, route: route, in: &context) }
        case .delete:
            if let circuit { try cease(order, circuit: circuit, in: &context) }
        }
    }

    /// Every business rule a schema-valid order breaks, in field order.
    static func problems(of order: ServiceOrder, topology: Topology, knownCircuit: Bool) -> [OrderRejection.Problem] {
        var problems: [OrderRejection.Problem] = []
        if order.bandwidthKbps <= 0 {
            problems.append(.init(field: "bandwidthKbps", code: "invalid-value", message: "bandwidthKbps: \(order.bandwidthKbps) kbit/s; a bandwidth must be positive"))
        }
        if order.action == .add && order.accessPoints.isEmpty {
            problems.append(.init(field: "accessPoints", code: "no-access-point", message: "accessPoints: none given; an order needs at least one access point"))
        }
        var seen = Set<String>()
        for (index, point) in order.accessPoints.enumerated() {
            if !seen.insert(point.id).inserted {
                problems.append(.init(field: "accessPoints[\(index)].id", code: "duplicate-access-point", message: "accessPoints[\(index)].id: '\(point.id)' is listed twice"))
            }
            if let unit = try? topology.unit(point.unit), unit.tier != .city {
                problems.append(
                    .init(
                        field: "accessPoints[\(index)].unit", code: "not-a-city",
                        message: "accessPoints[\(index)].unit: '\(point.unit)' is a \(unit.tier) unit; access points belong to city units"))
            }
        }
        if order.action == .delete {
            if let circuitId = order.circuitId {
                if !knownCircuit {
                    problems.append(.init(field: "circuitId", code: "unknown-circuit", message: "circuitId: '\(circuitId)' is not in the inventory"))
                }
            } else {
                problems.append(.init(field: "circuitId", code: "missing-field", message: "circuitId: a cease order must name the circuit to close"))
            }
        }
        return problems
    }

    /// Answers an order that cannot be taken with every problem found.
    func reject(_ orderId: String, unit: UnitID?, problems: [OrderRejection.Problem], in context: inout DecisionContext) throws {
        let unit = unit ?? topology.hq.id
        let rejection = OrderRejection(orderId: orderId, initiatingUnit: unit, problems: problems, at: context.now)
        try emit(.serviceOrderRejected, rejection, unit: unit, correlation: orderId, in: &context)
    }

    // MARK: Dispatch

    /// Accepts an order: its limit and deadline, one work order per leg, the ladder's timers.
    func dispatch(_ order: ServiceOrder, route: OrderRoute, in context: inout DecisionContext) throws {
        let level = order.customer.level
        let halfDays: Int
        do throws(DomainError) {
            // Points count city by city (同一地市同一客户): 3 + 3 in two cities keep the base limit.
            guard case .workingHalfDays(let limit) = try sla.provisioningLimit(level: level, accessPointCities: order.accessPoints.map(\.unit)) else {
                throw DomainError(.invalidValue, "the provisioning limit of \(level) is not in working days; check sla.yaml")
            }
            halfDays = limit
            _ = try clock.deadline(for: .workingHalfDays(limit), start: context.now)
        } catch {
            // No deadline can be set (a limit out of range, …): the order is refused, saying why. A
            // year whose calendar is not loaded is no reason: the deadline is provisional (§9).
            let problem = OrderRejection.Problem(field: "", code: error.code.rawValue, message: "no deadline can be set: \(error.message)")
            try reject(order.id, unit: order.initiatingUnit, problems: [problem], in: &context)
            return
        }
        // Ids made up here are the order id's, not a counter's: work orders `<order id>/<unit>`,
        // the circuit `CKT-<order id>`. An order and every input about it are keyed by the order
        // id, so they reach one task (DecisionContext.task) and its ids are unique across tasks
        // without naming the task; events get fresh UUIDs (docs/provisioning.md, "Scaling out").
        let legs = try route.legs.map { leg in
            ProvisioningOrder.Leg(
                workOrderId: "\(order.id)/\(leg.unit)", unit: leg.unit, role: leg.role,
                accessPoints: leg.role == .access ? order.accessPoints.filter { $0.unit == leg.unit } : [],
                progress: try WorkOrderProgress(), milestones: WorkOrder.Milestones())
        }
        var record = ProvisioningOrder(
            order: order, route: route, legs: legs, state: .inProgress, orderProgress: nil, dispatchedAt: context.now,
            baseHalfDays: halfDays, grantedHalfDays: 0, clockStops: [], firedSteps: [], overdue: OverdueTally(), acceptanceFailures: 0,
            acceptanceScored: false, endToEndReportId: nil, endToEndCompletedAt: nil, completedAt: nil, circuitId: "CKT-\(order.id)")
        let deadline = try self.deadline(of: record)
        let provisional = try provisionalFlag(of: record, deadline: deadline)
        var acceptance = OrderAcceptance(
            orderId: order.id, customer: order.customer, scope: route.scope, coordinator: route.coordinator,
            endToEndReporter: route.endToEndReporter, limit: record.limit.description, deadline: deadline, at: context.now)
        acceptance.provisional = provisional
        try emit(.serviceOrderAccepted, acceptance, unit: route.coordinator, correlation: order.id, in: &context)
        for leg in record.legs {
            try emit(.workOrderCreate, try workOrder(leg, of: record), unit: route.coordinator, correlation: order.id, in: &context)
        }
        var dispatch = OrderDispatch(
            orderId: order.id, coordinator: route.coordinator,
            legs: record.legs.map { .init(workOrderId: $0.workOrderId, unit: $0.unit, role: $0.role, deadline: deadline) }, at: context.now)
        dispatch.provisional = provisional
        try emit(.serviceOrderDispatched, dispatch, unit: route.coordinator, correlation: order.id, in: &context)
        try schedule(&record, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    /// The work order of `leg` as the `work-orders` topic carries it.
    func workOrder(_ leg: ProvisioningOrder.Leg, of record: ProvisioningOrder) throws -> WorkOrder {
        let stops = record.clockStops.filter { $0.workOrderId == leg.workOrderId }.map {
            WorkOrder.ClockStop(reason: $0.reason, start: $0.start, end: $0.end)
        }
        let deadline = try deadline(of: record)
        var workOrder = WorkOrder(
            id: leg.workOrderId, orderId: record.order.id, unit: leg.unit, role: leg.role, coordinator: record.route.coordinator,
            customer: record.order.customer, serviceType: record.order.serviceType, bandwidthKbps: record.order.bandwidthKbps,
            accessPoints: leg.accessPoints, stage: leg.shownStage, milestones: leg.milestones, dispatchedAt: record.dispatchedAt,
            limit: record.limit.description, deadline: deadline, clockStops: stops,
            acceptanceFailures: leg.progress.acceptanceFailures)
        workOrder.provisional = try provisionalFlag(of: record, deadline: deadline)
        return workOrder
    }

    /// Emits the current state of the given legs (all of them by default) on `work-orders`.
    func publishLegs(_ record: ProvisioningOrder, only workOrderIds: [String]? = nil, in context: inout DecisionContext) throws {
        for leg in record.legs where workOrderIds?.contains(leg.workOrderId) ?? true {
            try emit(.workOrderStateChange, try workOrder(leg, of: record), unit: record.route.coordinator, correlation: record.order.id, in: &context)
        }
    }

    // MARK: Cease

    /// Carries out a cease order (业务关闭): the service closes and the circuit leaves the inventory.
    func cease(_ order: ServiceOrder, circuit: Circuit, in context: inout DecisionContext) throws {
        let released = [circuit.aEnd.port, circuit.zEnd.port].compactMap { $0 }
        let cease = OrderCease(
            orderId: order.id, circuitId: circuit.id, customerId: circuit.customerId, unit: order.initiatingUnit, releasedResources: released,
            ceasedAt: context.now)
        try emit(.serviceOrderCeased, cease, unit: order.initiatingUnit, correlation: order.id, in: &context)
        let deletion = CircuitDeletion(circuitId: circuit.id, customerId: circuit.customerId, orderId: order.id, at: context.now)
        try emit(.circuitDelete, deletion, unit: order.initiatingUnit, correlation: order.id, in: &context)
        // The tombstone that lets compaction forget the circuit.
        try context.emit(topic: topics.name(of: .inventory), key: deletion.kafkaKey, value: nil, headers: [], eventID: nil)
        try ProvisioningTables.deleteCircuit(context.db, id: circuit.id)
    }

    // MARK: Completion

    /// Final acceptance passed: the order completes and its circuit enters the inventory.
    func complete(_ record: inout ProvisioningOrder, in context: inout DecisionContext) throws {
        record.state = .completed
        record.completedAt = context.now
        let order = record.order
        let customer = try ProvisioningTables.customer(context.db, id: order.customer.id)
        var manager: Contact?
        if [.key, .diamond, .gold].contains(order.customer.level) {
            manager = customer?.maintenanceManager ?? order.customerManager
        }
        let deadline = try self.deadline(of: record)
        let onTime = record.endToEndCompletedAt.map { $0 <= deadline } ?? false
        var completion = OrderCompletion(
            orderId: order.id, coordinator: record.route.coordinator, circuitId: record.circuitId, completedAt: context.now,
            deadline: deadline, onTime: onTime && record.overdue.occurrences == 0, overdueOccurrences: record.overdue.occurrences,
            maintenanceManager: manager)
        completion.provisional = try provisionalFlag(of: record, deadline: deadline)
        try emit(.serviceOrderCompleted, completion, unit: record.route.coordinator, correlation: order.id, in: &context)
        let first = order.accessPoints.first
        let last = order.accessPoints.last
        let circuit = Circuit(
            id: record.circuitId, customerId: order.customer.id, serviceType: order.serviceType, bandwidthKbps: order.bandwidthKbps,
            aEnd: Circuit.End(unit: first?.unit ?? record.route.coordinator, address: first?.address ?? ""),
            zEnd: Circuit.End(unit: last?.unit ?? record.route.coordinator, address: last?.address ?? ""),
            assurance: customer?.assurance ?? .standard, scope: record.route.scope, orderId: order.id)
        try emit(.circuitUpdate, circuit, unit: record.route.coordinator, correlation: order.id, in: &context)
        try ProvisioningTables.save(context.db, circuit)
    }
}
