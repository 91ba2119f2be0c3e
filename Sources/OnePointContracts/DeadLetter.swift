import Foundation
import OnePointDomain

/// An input no worker could apply, set aside with the reason so the worker goes on: event
/// ``EventType/deadLetter`` on `dead-letters`, keyed by the input's key. The headers repeat
/// the reason and origin (`deadLetterReason`, `sourceTopic`, `sourcePartition`,
/// `sourceOffset`, `sourceWorker`, `attempts`).
public struct DeadLetter: EventPayload {
    /// Why the input was set aside.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// Not JSON (``ContractError/Code/malformedJSON``).
        case malformedJSON
        /// An event type this catalogue does not have.
        case unknownEventType
        /// An event type on a topic that does not carry it.
        case unexpectedEventType
        /// A schema version this build does not read.
        case unsupportedSchemaVersion
        /// A required field absent.
        case missingField
        /// A field the schema does not have.
        case unknownField
        /// A field with a wrong type or value.
        case invalidValue
        /// The event is well formed but a domain rule refuses it.
        case domainRejected
        /// Applying it failed repeatedly for another reason.
        case processingFailed

        /// The reason for a contract error.
        public init(_ code: ContractError.Code) {
            self = Reason(rawValue: code.rawValue) ?? .invalidValue
        }
    }

    /// Why.
    public var reason: Reason
    /// What is wrong, for a person (a ``ContractError`` message names the field).
    public var message: String
    /// The Kafka topic the input came from (its configured name).
    public var sourceTopic: String
    /// Its partition.
    public var sourcePartition: Int
    /// Its offset.
    public var sourceOffset: Int
    /// Its key, when it had one.
    public var sourceKey: String?
    /// The input's `eventType` header or field, when readable.
    public var sourceEventType: String?
    /// The input's `eventId`, when readable.
    public var sourceEventId: String?
    /// The worker that gave up, e.g. `onepoint-fault`.
    public var worker: String
    /// How many times it was tried.
    public var attempts: Int
    /// The input's value as text, when it is UTF-8.
    public var value: String?
    /// The input's value in base64, when it is not UTF-8.
    public var valueBase64: String?
    /// When it was set aside.
    public var at: Date

    public init(
        reason: Reason, message: String, sourceTopic: String, sourcePartition: Int, sourceOffset: Int, sourceKey: String? = nil,
        sourceEventType: String? = nil, sourceEventId: String? = nil, worker: String, attempts: Int, value: [UInt8]?, at: Date
    ) {
        self.reason = reason
        self.message = message
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.sourceKey = sourceKey
        self.sourceEventType = sourceEventType
        self.sourceEventId = sourceEventId
        self.worker = worker
        self.attempts = attempts
        let text = value.flatMap { String(validating: $0, as: UTF8.self) }
        self.value = text
        self.valueBase64 = text == nil ? value.map { Data($0).base64EncodedString() } : nil
        self.at = at
    }

    /// The input's key, else `<topic>/<partition>/<offset>`.
    public var kafkaKey: String { sourceKey ?? "\(sourceTopic)/\(sourcePartition)/\(sourceOffset)" }

    /// The reason and origin, as headers.
    public var extraHeaders: [(name: String, value: String)] {
        [
            ("deadLetterReason", reason.rawValue), ("sourceTopic", sourceTopic), ("sourcePartition", String(sourcePartition)),
            ("sourceOffset", String(sourceOffset)), ("sourceWorker", worker), ("attempts", String(attempts)),
        ]
    }
}
