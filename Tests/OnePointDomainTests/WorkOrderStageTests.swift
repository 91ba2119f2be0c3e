import Foundation
import OnePointDomain
import Testing

@Suite("Work-order stages")
struct WorkOrderStageTests {
    private static let happyPath: [WorkOrderStage] = [
        .resourceDispatch, .engineering, .configurationActivation, .localTest, .localCompletion, .endToEndTest,
        .endToEndCompletion, .inProgressInspection, .preliminaryAcceptance, .trialOperation, .finalAcceptance,
    ]

    /// The path an order runs: the in-progress inspection goes with each leg's engineering
    /// (LegAcceptance), so end-to-end completion is followed by preliminary acceptance.
    private static let orderPath = happyPath.filter { $0 != .inProgressInspection }

    @Test func runsTheDocumentedOrder() throws {
        #expect(WorkOrderStage.allCases == Self.happyPath)
        var progress = try WorkOrderProgress()
        for stage in Self.orderPath.dropFirst() { try progress.advance(to: stage) }
        #expect(progress.stage == .finalAcceptance)
        #expect(progress.acceptanceFailures == 0)
        #expect(WorkOrderStage.finalAcceptance.allowedNext.isEmpty)
    }

    @Test func legStagesEndAtLocalCompletion() {
        #expect(WorkOrderStage.allCases.filter(\.isLegStage) == Array(Self.happyPath.prefix(5)))
    }

    @Test func everyPairIsAllowedOnlyIfNextOrAcceptanceFailure() {
        for from in WorkOrderStage.allCases {
            for to in WorkOrderStage.allCases {
                let i = Self.happyPath.firstIndex(of: from) ?? -1
                let j = Self.happyPath.firstIndex(of: to) ?? -1
                // End-to-end completion skips the in-progress inspection, which goes with engineering.
                let expected =
                    from == .endToEndCompletion
                    ? to == .preliminaryAcceptance
                    : j == i + 1 || (from == .preliminaryAcceptance && to == .engineering)
                #expect(from.canTransition(to: to) == expected, "\(from) → \(to)")
            }
        }
    }

    @Test func refusesSkippingAndGoingBackNamingBothStages() {
        let skip = #expect(throws: DomainError.self) { try WorkOrderStage.resourceDispatch.transition(to: .configurationActivation) }
        #expect(skip?.code == .invalidTransition)
        #expect(skip?.message.contains("from resourceDispatch to configurationActivation") == true)
        #expect(skip?.message.contains("allowed from resourceDispatch: engineering") == true)
        let back = #expect(throws: DomainError.self) { try WorkOrderStage.localTest.transition(to: .engineering) }
        #expect(back?.message.contains("from localTest to engineering") == true)
        let last = #expect(throws: DomainError.self) { try WorkOrderStage.finalAcceptance.transition(to: .trialOperation) }
        #expect(last?.message.contains("none (last stage)") == true)
        let same = #expect(throws: DomainError.self) { try WorkOrderStage.engineering.transition(to: .engineering) }
        #expect(same?.code == .invalidTransition)
    }

    @Test func failedPreliminaryAcceptanceReturnsToEngineeringAndCounts() throws {
        var progress = try WorkOrderProgress(stage: .preliminaryAcceptance)
        try progress.failPreliminaryAcceptance()
        #expect(progress.stage == .engineering)
        #expect(progress.acceptanceFailures == 1)
        for stage in Self.orderPath[2...7] { try progress.advance(to: stage) }
        try progress.advance(to: .engineering)
        #expect(progress.acceptanceFailures == 2)
        let error = #expect(throws: DomainError.self) { try progress.failPreliminaryAcceptance() }
        #expect(error?.code == .invalidTransition)
        #expect(error?.message.contains("from engineering") == true)
        #expect(progress.stage == .engineering)
    }

    @Test func refusedMovesLeaveProgressUnchanged() throws {
        var progress = try WorkOrderProgress(stage: .localTest)
        #expect(throws: DomainError.self) { try progress.advance(to: .finalAcceptance) }
        #expect(progress == (try WorkOrderProgress(stage: .localTest)))
    }

    @Test func progressIsCodableAndValidated() throws {
        var progress = try WorkOrderProgress(stage: .preliminaryAcceptance)
        try progress.failPreliminaryAcceptance()
        let data = try JSONEncoder().encode(progress)
        #expect(try JSONDecoder().decode(WorkOrderProgress.self, from: data) == progress)
        #expect(throws: DomainError.self) { try WorkOrderProgress(acceptanceFailures: -1) }
        #expect(throws: DomainError.self) {
            try JSONDecoder().decode(WorkOrderProgress.self, from: Data(#"{"stage": "engineering", "acceptanceFailures": -2}"#.utf8))
        }
    }
}
