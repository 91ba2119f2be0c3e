import Foundation
import OnePointContracts
import OnePointDomain
import OnePointRuntime

extension ProvisioningLogic {
    // MARK: Stages

    /// A unit reports a stage: a leg stage on its own work order, or end-to-end completion on the
    /// end-to-end reporter's work order.
    func reportStage(_ report: WorkOrderStageReport, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, index) = try leg(of: report, keyedBy: keying, reportedBy: report.unit, at: report.at, field: "event.at", in: context)
        try requireOpen(record, report.workOrderId)
        if report.stage == .endToEndCompletion {
            try completeEndToEnd(&record, index: index, at: report.at, in: &context)
            try sendFeedback(on: report, &record, in: &context)
            return
        }
        guard report.stage.isLegStage else {
            throw InputRejection(
                .validation,
                "work order \(report.workOrderId): \(report.stage) is not reported as a stage; the end-to-end test moves on a test report and acceptance on acceptance results")
        }
        var leg = record.legs[index]
        if report.stage == .localCompletion && leg.localReportId == nil {
            throw InputRejection(.validation, "work order \(report.workOrderId): local completion needs a passed local test report first")
        }
        do {
            // The in-progress inspection goes with engineering: no leaving it before it passed.
            try leg.acceptance.checkMove(from: leg.progress.stage, to: report.stage)
            try leg.progress.advance(to: report.stage)
        } catch {
            throw InputRejection(.validation, "work order \(report.workOrderId): \(error.message)")
        }
        if report.stage == .localCompletion { leg.milestones.localCompletion = report.at }
        record.legs[index] = leg
        try publishLegs(record, only: [leg.workOrderId], in: &context)
        if report.stage == .localCompletion {
            let deadline = try self.deadline(of: record)
            let completion = LegCompletion(
                orderId: record.order.id, workOrderId: leg.workOrderId, unit: leg.unit, role: leg.role, completedAt: report.at,
                onTime: report.at <= deadline, remainingUnits: record.openUnits)
            try emit(.serviceOrderLegCompleted, completion, unit: leg.unit, correlation: record.order.id, in: &context)
            if record.openUnits.isEmpty {
                // Every leg is complete locally: the end-to-end test is next, for the whole order.
                var progress = try WorkOrderProgress(stage: .localCompletion, acceptanceFailures: record.acceptanceFailures)
                try progress.advance(to: .endToEndTest)
                record.orderProgress = progress
            }
        }
        try ProvisioningTables.save(context.db, record)
        try sendFeedback(on: report, &record, in: &context)
    }

    // MARK: Progress feedback

    /// A stage report with a note becomes progress feedback (进展反馈) to the customer manager
    /// (DOMAIN.md §5): a `ProgressFeedbackNotificationEvent` on `notifications`, addressed to
    /// the unit where the requirement was raised (the customer manager's, whose response centre
    /// reports to them), with the stage, the next step, what the customer must do, and the
    /// working time used and left on the order's clock. Reports without a note send none.
    func sendFeedback(on report: WorkOrderStageReport, _ record: inout ProvisioningOrder, in context: inout DecisionContext) throws {
        guard let note = report.note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty else { return }
        let openStops = record.clockStops.filter { $0.end == nil }.map(\.reason)
        let feedback = StageFeedback(unit: report.unit, stage: report.stage, note: note, openStops: openStops)
        // Working time on the order's clock at the report (frozen at end-to-end completion).
        let instant = max(record.dispatchedAt, min(report.at, record.endToEndCompletedAt ?? report.at))
        let elapsed = try clock.elapsedSeconds(for: record.limit, from: record.dispatchedAt, to: instant, pauses: record.pauses(upTo: instant))
        let remaining = try clock.seconds(in: record.limit) - elapsed
        let sequence = (record.feedbackSent ?? 0) + 1
        record.feedbackSent = sequence
        let order = record.order
        let message = ProgressFeedback(
            entity: EntityReference(kind: .serviceOrder, id: order.id), sequence: sequence, unit: order.initiatingUnit, customer: order.customer,
            customerManager: order.customerManager, intervalMinutes: 0, elapsedMinutes: elapsed / 60, remainingMinutes: remaining / 60,
            progress: feedback.progress, nextSteps: feedback.nextSteps, customerActions: feedback.customerActions, at: report.at)
        try emit(.progressFeedbackNotification, message, unit: record.route.coordinator, correlation: order.id, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    /// End-to-end completion (全程竣工): the provisioning clock stops; on time or not is scored.
    func completeEndToEnd(_ record: inout ProvisioningOrder, index: Int, at instant: Date, in context: inout DecisionContext) throws {
        let workOrderId = record.legs[index].workOrderId
        guard record.legs[index].unit == record.route.endToEndReporter else {
            throw InputRejection(.validation, "work order \(workOrderId): end-to-end completion is reported by \(record.route.endToEndReporter), not \(record.legs[index].unit)")
        }
        guard var progress = record.orderProgress, record.endToEndReportId != nil else {
            throw InputRejection(.validation, "work order \(workOrderId): end-to-end completion needs every leg complete locally and a passed end-to-end test report")
        }
        do {
            try progress.advance(to: .endToEndCompletion)
        } catch {
            throw InputRejection(.validation, "order \(record.order.id): \(error.message)")
        }
        record.orderProgress = progress
        for i in record.legs.indices { record.legs[i].milestones.endToEndCompletion = instant }
        if record.endToEndCompletedAt == nil {
            // The first end-to-end completion stops the clock; rework after a failed acceptance
            // does not restart it (the failure is scored as acceptance, not as lateness).
            record.endToEndCompletedAt = instant
            try cancelSteps(record, in: &context)
            let deadline = try self.deadline(of: record)
            let late = instant > deadline
            // Late: the deadline passed with the work not done, counted once however noticed.
            if late { record.overdue.recordDeadlinePassed() }
            let fact = AssessmentRecord(
                part: .provisioningOnTime, unit: record.route.coordinator, month: try month(of: instant), level: record.order.customer.level,
                reference: record.order.id, met: !late && record.overdue.occurrences == 0, at: context.now)
            try emit(.assessmentRecord, fact, unit: record.route.coordinator, correlation: record.order.id, in: &context)
        }
        try publishLegs(record, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    // MARK: Test reports

    /// Judges a test report: rejected when incomplete (every problem named), failed when a
    /// threshold is not met, passed otherwise; a passed report moves its work order on.
    func evaluate(_ report: ServiceTestReport, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, index) = try leg(of: report, keyedBy: keying, reportedBy: report.unit, at: report.filedAt, field: "event.filedAt", in: context)
        try requireOpen(record, report.workOrderId)
        guard report.orderId == record.order.id else {
            throw InputRejection(.validation, "test report \(report.reportId): work order \(report.workOrderId) belongs to order \(record.order.id), not \(report.orderId)")
        }
        var leg = record.legs[index]
        // Problems of the report itself (not of its measurements): any of them rejects it.
        var ruleProblems: [String] = []
        switch report.stage {
        case .local:
            guard leg.milestones.localCompletion == nil, [.configurationActivation, .localTest].contains(leg.progress.stage) else {
                throw InputRejection(
                    .validation, "work order \(leg.workOrderId) is in \(leg.progress.stage); a local test report is filed after configuration and activation, before local completion")
            }
        case .endToEnd:
            guard leg.unit == record.route.endToEndReporter else {
                throw InputRejection(.validation, "test report \(report.reportId): the end-to-end report is filed by \(record.route.endToEndReporter), not \(leg.unit)")
            }
            guard record.orderProgress?.stage == .endToEndTest else {
                throw InputRejection(.validation, "order \(record.order.id) is not in its end-to-end test (stage \(record.stage)); every leg must complete locally first")
            }
            if record.route.scope == .crossProvince {
                // HQ assembles the provinces' reports into the final end-to-end report.
                for province in record.legs where province.role == .provincialBackbone {
                    guard let id = province.localReportId else { continue }
                    if !report.assembledFrom.contains(id) {
                        ruleProblems.append("assembledFrom: the test report \(id) of \(province.unit) is not assembled")
                    }
                }
            }
        }
        if report.test.service != record.order.serviceType {
            ruleProblems.append("test.service: the report tests \(report.test.service), the order is for \(record.order.serviceType)")
        }
        let verdict = configuration.testThresholds.evaluate(report.test)
        var outcome: TestReportEvaluation.Outcome
        var failed: [TestReportEvaluation.FailedMetric] = []
        var problems = ruleProblems
        switch verdict {
        case .passed: outcome = .passed
        case .failed(let metrics):
            outcome = .failed
            failed = metrics.map { .init(metric: $0.metric, measured: $0.measured, bound: $0.threshold.bound, limit: $0.threshold.value) }
            problems += metrics.map(\.description)
        case .rejected(let found):
            outcome = .rejected
            problems += found.map(\.description)
        }
        if !ruleProblems.isEmpty { outcome = .rejected }
        let evaluation = TestReportEvaluation(
            reportId: report.reportId, workOrderId: report.workOrderId, orderId: record.order.id, unit: report.unit, outcome: outcome,
            missingMetrics: verdict.missingMetrics, failedMetrics: failed, problems: problems, evaluatedAt: context.now)
        try emit(.testReportEvaluated, evaluation, unit: report.unit, correlation: record.order.id, in: &context)
        guard outcome == .passed else {
            try ProvisioningTables.save(context.db, record)
            return
        }
        switch report.stage {
        case .local:
            leg.localReportId = report.reportId
            leg.milestones.localTest = report.filedAt
            if leg.progress.stage == .configurationActivation { try leg.progress.advance(to: .localTest) }
            record.legs[index] = leg
            try publishLegs(record, only: [leg.workOrderId], in: &context)
        case .endToEnd:
            record.endToEndReportId = report.reportId
            for i in record.legs.indices { record.legs[i].milestones.endToEndTest = report.filedAt }
            try publishLegs(record, in: &context)
        }
        try ProvisioningTables.save(context.db, record)
    }

    // MARK: Acceptance

    /// One acceptance result, point by point, then as a whole (DOMAIN.md §5, ``LegAcceptance``):
    /// a leg's in-progress inspection during its engineering; a leg's own preliminary acceptance
    /// after its local completion; the whole order's after end-to-end completion and every
    /// point's, then trial operation and final acceptance. A failed preliminary acceptance
    /// (point or whole) returns that leg to engineering and counts against the pass rate.
    func recordAcceptance(_ result: WorkOrderAcceptance, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, index) = try leg(of: result, keyedBy: keying, reportedBy: result.unit, at: result.at, field: "event.at", in: context)
        try requireOpen(record, result.workOrderId)
        let acceptanceSteps: [WorkOrderStage] = [.inProgressInspection, .preliminaryAcceptance, .trialOperation, .finalAcceptance]
        guard acceptanceSteps.contains(result.stage) else {
            throw InputRejection(.validation, "work order \(result.workOrderId): \(result.stage) is not an acceptance step (\(acceptanceSteps.map(\.rawValue).joined(separator: ", ")))")
        }
        if result.stage == .inProgressInspection {
            do {
                try record.legs[index].acceptance.inspect(passed: result.passed, at: result.at, stage: record.legs[index].progress.stage)
            } catch {
                throw InputRejection(.validation, "work order \(result.workOrderId): \(error.message)")
            }
            try ProvisioningTables.save(context.db, record)
            return
        }
        if result.stage == .preliminaryAcceptance && LegAcceptance.scope(of: record.legs[index].acceptance, legs: record.legs.count) == .point {
            try acceptPoint(result, &record, index: index, in: &context)
            return
        }
        guard var progress = record.orderProgress, progress.stage.canTransition(to: result.stage) else {
            throw InputRejection(.validation, "order \(record.order.id) is in \(record.stage); \(result.stage) is not its next step")
        }
        if result.stage == .preliminaryAcceptance {
            do {
                try LegAcceptance.requireEveryPointAccepted(record.legs.map { (unit: $0.unit, acceptance: $0.acceptance) })
            } catch {
                throw InputRejection(.validation, "order \(record.order.id): \(error.message)")
            }
            // Decided at the whole order's preliminary acceptance unless a failure decided it before.
            try scoreAcceptance(&record, passed: result.passed, at: result.at, in: &context)
        }
        if result.passed {
            try progress.advance(to: result.stage)
            record.orderProgress = progress
            if result.stage == .finalAcceptance { try complete(&record, in: &context) }
            try publishLegs(record, in: &context)
        } else if result.stage == .preliminaryAcceptance {
            try returnToEngineering(&record, index: index, in: &context)
        } else {
            // Another step failed: it is done again once the findings are fixed; the stage stays.
            try publishLegs(record, only: [result.workOrderId], in: &context)
        }
        try ProvisioningTables.save(context.db, record)
    }

    /// A point's preliminary acceptance (one leg of an order with several), after its local
    /// completion: passed, the work order shows it; failed, the leg returns to engineering.
    func acceptPoint(_ result: WorkOrderAcceptance, _ record: inout ProvisioningOrder, index: Int, in context: inout DecisionContext) throws {
        var leg = record.legs[index]
        do {
            try leg.acceptance.acceptPoint(passed: result.passed, at: result.at, locallyComplete: leg.milestones.localCompletion != nil)
        } catch {
            throw InputRejection(.validation, "work order \(result.workOrderId): \(error.message)")
        }
        record.legs[index] = leg
        if result.passed {
            try publishLegs(record, only: [leg.workOrderId], in: &context)
        } else {
            try scoreAcceptance(&record, passed: false, at: result.at, in: &context)
            try returnToEngineering(&record, index: index, in: &context)
        }
        try ProvisioningTables.save(context.db, record)
    }

    /// The acceptance pass rate's fact, once per order (DOMAIN.md §7): failed at the first
    /// failed preliminary acceptance (a point's or the whole's), passed when the whole order's
    /// passes with none failed before.
    func scoreAcceptance(_ record: inout ProvisioningOrder, passed: Bool, at instant: Date, in context: inout DecisionContext) throws {
        guard !record.acceptanceScored else { return }
        record.acceptanceScored = true
        let fact = AssessmentRecord(
            part: .acceptancePass, unit: record.route.coordinator, month: try month(of: instant), level: record.order.customer.level,
            reference: record.order.id, met: passed, at: context.now)
        try emit(.assessmentRecord, fact, unit: record.route.coordinator, correlation: record.order.id, in: &context)
    }

    /// A failed preliminary acceptance returns the leg to engineering: it is inspected again,
    /// redoes its local test and completion, then the order's end-to-end test.
    func returnToEngineering(_ record: inout ProvisioningOrder, index: Int, in context: inout DecisionContext) throws {
        record.acceptanceFailures += 1
        record.orderProgress = nil
        record.endToEndReportId = nil
        var leg = record.legs[index]
        leg.progress = try WorkOrderProgress(stage: .engineering, acceptanceFailures: leg.progress.acceptanceFailures + 1)
        leg.localReportId = nil
        leg.milestones = WorkOrder.Milestones()
        leg.acceptance.reopen()
        record.legs[index] = leg
        for i in record.legs.indices {
            record.legs[i].milestones.endToEndTest = nil
            record.legs[i].milestones.endToEndCompletion = nil
        }
        try publishLegs(record, in: &context)
    }

    // MARK: Data configuration

    /// Data configuration started: it must start within the limit (30 minutes) of its notice.
    func recordDataConfiguration(_ start: WorkOrderDataConfiguration, keyedBy keying: ProgressKeying, in context: inout DecisionContext) throws {
        var (record, index) = try leg(of: start, keyedBy: keying, reportedBy: start.unit, at: start.startedAt, field: "event.startedAt", in: context)
        try requireOpen(record, start.workOrderId)
        guard record.legs[index].dataConfigurationStartedAt == nil else {
            throw InputRejection(.validation, "work order \(start.workOrderId): data configuration already started at \(record.legs[index].dataConfigurationStartedAt.map { "\($0)" } ?? "")")
        }
        guard start.startedAt >= start.noticeAt else {
            throw InputRejection(.validation, "work order \(start.workOrderId): data configuration cannot start (\(start.startedAt)) before its notice (\(start.noticeAt))")
        }
        let taken = Self.minutes(roundingUp: Int(start.startedAt.timeIntervalSince(start.noticeAt).rounded(.up)))
        let late = max(0, taken - sla.dataConfigurationMinutes)
        record.legs[index].dataConfigurationStartedAt = start.startedAt
        record.legs[index].dataConfigurationLateMinutes = late
        let fact = AssessmentRecord(
            part: .dataConfiguration, unit: start.unit, month: try month(of: start.startedAt), level: record.order.customer.level,
            reference: record.order.id, overrunMinutes: late, at: context.now)
        try emit(.assessmentRecord, fact, unit: start.unit, correlation: record.order.id, in: &context)
        try ProvisioningTables.save(context.db, record)
    }

    /// Refuses work on an order that is no longer open.
    func requireOpen(_ record: ProvisioningOrder, _ workOrderId: String) throws {
        guard !record.state.isFinal else {
            throw InputRejection(.validation, "work order \(workOrderId): order \(record.order.id) is \(record.state); nothing more is recorded on it")
        }
    }
}
