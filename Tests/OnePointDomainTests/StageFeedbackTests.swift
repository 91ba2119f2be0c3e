import Foundation
import OnePointDomain
import Testing

/// DOMAIN.md §5: progress feedback to the customer manager carries where the work stands, the
/// next step and what the customer must do.
@Suite("progress feedback from a stage report")
struct StageFeedbackTests {
    @Test("the stage and the note, the next step, and what the customer must do while the clock is stopped for them")
    func withCustomerCause() {
        let feedback = StageFeedback(
            unit: "GD-GZ", stage: .configurationActivation, note: "ports configured",
            openStops: [.machineRoomNotReady, .resourceConstruction, .machineRoomNotReady, .propertyAccessDenied])
        #expect(feedback.progress == "GD-GZ reached configurationActivation (业务配置与激活): ports configured")
        #expect(feedback.nextSteps == "local test (本地测试): the local test report")
        #expect(
            feedback.customerActions
                == "get the machine room ready (机房未就绪); arrange access with the property management (物业不允许进场)",
            "one action per customer cause, none for resources being built")
    }

    @Test("nothing for the customer to do when no customer cause stops the clock")
    func nothingForTheCustomer() {
        #expect(StageFeedback(unit: "GD", stage: .engineering, note: "fibre laid", openStops: []).customerActions == nil)
        #expect(StageFeedback(unit: "GD", stage: .engineering, note: "fibre laid", openStops: [.resourceConstruction]).customerActions == nil)
    }

    @Test("next steps follow the flow, acceptance point by point then as a whole; none after final acceptance")
    func nextSteps() {
        #expect(StageFeedback.nextSteps(after: .engineering)?.hasPrefix("in-progress inspection (随工检查)") == true)
        #expect(StageFeedback.nextSteps(after: .localCompletion)?.contains("the point's preliminary acceptance") == true)
        #expect(StageFeedback.nextSteps(after: .endToEndCompletion) == "preliminary acceptance of the whole order and handover (初验/交维)")
        #expect(StageFeedback.nextSteps(after: .finalAcceptance) == nil)
        for stage in WorkOrderStage.allCases where stage != .finalAcceptance {
            #expect(StageFeedback.nextSteps(after: stage) != nil, "\(stage)")
        }
        for reason in ClockStopReason.allCases {
            #expect((reason.customerAction != nil) == reason.isCustomerCause, "\(reason)")
        }
    }
}
