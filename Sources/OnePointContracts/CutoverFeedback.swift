import Foundation
import OnePointDomain

/// A customer's feedback letter (客户反馈函) on a cutover notice, through the customer manager:
/// event ``EventType/cutoverFeedback`` on `cutover-feedback`.
public struct CutoverFeedback: EventPayload {
    /// The customer's answer.
    public enum Answer: String, Sendable, Codable, CaseIterable {
        /// The customer agrees to the window.
        case agree
        /// The customer does not agree: the time is renegotiated.
        case disagree
    }

    /// The cutover.
    public var cutoverId: String
    /// The customer answering.
    public var customerId: String
    /// The unit that received the letter.
    public var unit: UnitID
    /// The answer.
    public var answer: Answer
    /// A window the customer proposes instead: start.
    public var proposedWindowStart: Date?
    /// A window the customer proposes instead: end.
    public var proposedWindowEnd: Date?
    /// The customer's words.
    public var comment: String?
    /// When the letter was received.
    public var receivedAt: Date

    public init(
        cutoverId: String, customerId: String, unit: UnitID, answer: Answer, proposedWindowStart: Date? = nil,
        proposedWindowEnd: Date? = nil, comment: String? = nil, receivedAt: Date
    ) {
        self.cutoverId = cutoverId
        self.customerId = customerId
        self.unit = unit
        self.answer = answer
        self.proposedWindowStart = proposedWindowStart
        self.proposedWindowEnd = proposedWindowEnd
        self.comment = comment
        self.receivedAt = receivedAt
    }

    /// The cutover id.
    public var kafkaKey: String { cutoverId }
    /// The receiving unit.
    public var addressedUnit: UnitID? { unit }
    /// The unit that sends it: `event.unit`.
    public var actingUnit: UnitID? { unit }
}
