/// Progress feedback (进展反馈) to the customer manager on a provisioning order (DOMAIN.md §5:
/// "the response centre reports progress, next steps, problems and what the customer must do to
/// the customer manager"), from a unit's stage report with a note.
///
/// - ``progress``: who reached which stage, and the unit's note.
/// - ``nextSteps``: what the work order does next, from the stage (``nextSteps(after:)``).
/// - ``customerActions``: what the customer must do: one action per customer cause that has the
///   order's clock stopped now (``ClockStopReason/customerAction``); `nil` when nothing is
///   waiting on the customer.
public struct StageFeedback: Sendable, Equatable {
    /// Where the work stands: `"GD-GZ reached configurationActivation (业务配置与激活): <note>"`.
    public let progress: String
    /// What happens next; `nil` after final acceptance.
    public let nextSteps: String?
    /// What the customer must do; `nil` when nothing waits on the customer.
    public let customerActions: String?

    /// The feedback on `unit` reaching `stage` with `note`, while the order's clock is stopped
    /// for `openStops` (every open clock stop of the order; those not the customer's are left out).
    public init(unit: UnitID, stage: WorkOrderStage, note: String, openStops: [ClockStopReason]) {
        progress = "\(unit) reached \(stage) (\(stage.chineseName)): \(note)"
        nextSteps = Self.nextSteps(after: stage)
        var actions: [String] = []
        for reason in openStops {
            guard let action = reason.customerAction, !actions.contains(action) else { continue }
            actions.append(action)
        }
        customerActions = actions.isEmpty ? nil : actions.joined(separator: "; ")
    }

    /// What a work order does after reaching `stage` (point by point, then as a whole, for
    /// acceptance); `nil` after final acceptance.
    public static func nextSteps(after stage: WorkOrderStage) -> String? {
        switch stage {
        case .resourceDispatch: "engineering (工程实施)"
        case .engineering:
            "in-progress inspection (随工检查) with the engineering, then configuration and activation (业务配置与激活)"
        case .configurationActivation: "local test (本地测试): the local test report"
        case .localTest: "local completion (本地竣工)"
        case .localCompletion: "the point's preliminary acceptance (初验) and, once every leg completed locally, the end-to-end test (全程测试)"
        case .endToEndTest: "end-to-end completion (全程竣工)"
        case .endToEndCompletion, .inProgressInspection: "preliminary acceptance of the whole order and handover (初验/交维)"
        case .preliminaryAcceptance: "trial operation (试运行)"
        case .trialOperation: "final acceptance (终验)"
        case .finalAcceptance: nil
        }
    }
}
