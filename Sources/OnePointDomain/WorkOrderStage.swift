/// A stage of provisioning work (DOMAIN.md §5), in the order the work runs.
///
/// The first five stages belong to one unit's leg (its work order); a local order runs them
/// once, a cross-domain order once per leg. The order-level stages follow when every leg has
/// completed locally: the end-to-end test and completion, then acceptance (工程验收) —
/// preliminary acceptance and handover, trial operation, final acceptance.
///
/// Acceptance runs point by point, then as a whole (``LegAcceptance``): each leg's in-progress
/// inspection (``inProgressInspection``) goes with its engineering and is not a stage the order
/// passes through, and each leg's own preliminary acceptance follows its local completion; the
/// order's preliminary acceptance follows end-to-end completion.
///
/// Allowed moves: each stage to the next one, except that ``endToEndCompletion`` is followed by
/// ``preliminaryAcceptance``; and ``preliminaryAcceptance`` back to ``engineering`` when
/// preliminary acceptance fails (source: "a failure returns the work to engineering"). A failed
/// test does not move the stage: a new report is filed in the same stage. ``finalAcceptance`` is
/// last; passing it completes the order (``ServiceOrderState/completed``).
public enum WorkOrderStage: String, Sendable, Codable, CaseIterable, CustomStringConvertible, StateMachine {
    public static let subject = "work order"
    public static let noSuccessor = "none (last stage)"

    /// Resource dispatch (资源调度).
    case resourceDispatch
    /// Engineering (工程实施).
    case engineering
    /// Configuration and activation (业务配置与激活).
    case configurationActivation
    /// Local test: upload the local test report.
    case localTest
    /// Local completion (本地竣工): the end of one unit's leg.
    case localCompletion
    /// End-to-end test (全程测试).
    case endToEndTest
    /// End-to-end completion (全程竣工): upload the end-to-end test report.
    case endToEndCompletion
    /// In-progress inspection (随工检查): reported on a leg during its engineering
    /// (``LegAcceptance/inspect(passed:at:stage:)``), not a stage the order passes through.
    case inProgressInspection
    /// Preliminary acceptance and handover to maintenance (初验/交维).
    case preliminaryAcceptance
    /// Trial operation (试运行).
    case trialOperation
    /// Final acceptance (终验).
    case finalAcceptance

    /// Whether the stage belongs to one unit's leg rather than to the whole order.
    public var isLegStage: Bool {
        switch self {
        case .resourceDispatch, .engineering, .configurationActivation, .localTest, .localCompletion: true
        default: false
        }
    }

    /// The stages reachable from this one.
    public var allowedNext: [WorkOrderStage] {
        let all = Self.allCases
        guard let index = all.firstIndex(of: self) else { return [] }
        // In-progress inspection goes with each leg's engineering (LegAcceptance), not after
        // end-to-end completion.
        if self == .endToEndCompletion { return [.preliminaryAcceptance] }
        var next = index + 1 < all.count ? [all[index + 1]] : []
        if self == .preliminaryAcceptance { next.append(.engineering) }
        return next
    }



    /// The Chinese name used in the rulebooks.
    public var chineseName: String {
        switch self {
        case .resourceDispatch: "资源调度"
        case .engineering: "工程实施"
        case .configurationActivation: "业务配置与激活"
        case .localTest: "本地测试"
        case .localCompletion: "本地竣工"
        case .endToEndTest: "全程测试"
        case .endToEndCompletion: "全程竣工"
        case .inProgressInspection: "随工检查"
        case .preliminaryAcceptance: "初验/交维"
        case .trialOperation: "试运行"
        case .finalAcceptance: "终验"
        }
    }

    public var description: String { rawValue }
}
