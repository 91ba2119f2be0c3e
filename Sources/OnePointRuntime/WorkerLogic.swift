import Foundation
import GRDB
import OnePointKafka
import OnePointState

/// A worker's decisions, plugged into ``WorkerRuntime``.
///
/// The runtime consumes, deduplicates, keeps positions, commits and emits; the logic only decodes
/// inputs and decides. Everything ``apply(_:in:)`` and ``fire(_:in:)`` do through the
/// ``DecisionContext`` (state changes, outputs, timers) is committed in one SQLite transaction
/// with the input's position, or not at all.
public protocol WorkerLogic: Sendable {
    /// What ``decode(_:)`` makes of a record.
    associatedtype Input: Sendable

    /// Adds the worker's own tables.
    func migrate(_ migrator: inout DatabaseMigrator)

    /// Decodes and validates one record.
    ///
    /// The runtime calls it ahead of the record's transaction, on another thread, possibly
    /// before the records ahead of it are applied: it must read nothing but the record and the
    /// worker's configuration (what it needs of the state, ``apply(_:in:)`` reads).
    ///
    /// - Throws: ``InputRejection`` for input that can never be applied (bad JSON, unknown event
    ///   type or version, a failed validation): it goes to the dead-letter topic with the reason.
    func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<Input>

    /// Applies one input. Throw ``InputRejection`` to dead-letter it now; any other error is
    /// treated as transient and the input is retried with backoff, then dead-lettered.
    func apply(_ input: Input, in context: inout DecisionContext) throws

    /// Handles a timer that came due.
    func fire(_ timer: DueTimer, in context: inout DecisionContext) throws

    /// Where an input must be applied when it arrives keyed otherwise than the entity it meets
    /// (alarms keyed by reduction key, met by correlation domain): a routing key, or `nil` to
    /// apply it in the task that read it. With tasks and a repartition topic
    /// (``RuntimeConfiguration/repartitionTopic``) the runtime forwards an input whose routing
    /// key belongs to another task to that task's partition of the repartition topic (key, value
    /// and headers unchanged), and applies it there; with one task it is never called. `db` is
    /// the task's store (its copy of the global topics included). Throw ``InputRejection`` to
    /// dead-letter the input. `nil` by default.
    func route(_ input: Input, in db: Database) throws -> String?

    /// Kafka topics the worker reads besides its configured inputs: every unit's own command
    /// topics of the kinds it reads when `commands.unitTopics` is on
    /// (``UnitTopics/inputs(of:)``). The worker's host adds them to
    /// ``RuntimeConfiguration/inputTopics``. Empty by default.
    var additionalInputTopics: [String] { get }

    /// The worker's tables a task reads into its store's page cache as it opens, in this order,
    /// until the cache is nearly full (``StateStore/warmCache(tables:)``): those its timers and
    /// inputs read most. Empty (the default): none.
    var warmTables: [String] { get }
}

extension WorkerLogic {
    public func migrate(_ migrator: inout DatabaseMigrator) {}
    public func fire(_ timer: DueTimer, in context: inout DecisionContext) throws {}
    /// No topics beyond the configured inputs.
    public var additionalInputTopics: [String] { [] }
    /// Nothing read ahead into the page cache.
    public var warmTables: [String] { [] }
    /// Every input is applied where it is read.
    public func route(_ input: Input, in db: Database) throws -> String? { nil }
}

/// A decoded input and the id it is deduplicated by (an event's `eventId`).
public struct DecodedInput<Input: Sendable>: Sendable {
    public var id: String
    public var input: Input

    public init(id: String, input: Input) {
        self.id = id
        self.input = input
    }
}

/// Why an input cannot be applied. It goes to the dead-letter topic with `kind` and `message`.
public struct InputRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, in the `onepoint.error.kind` header. Stable: consumers match on it.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The payload is not valid JSON (or not the expected encoding).
        public static let malformed = Kind(rawValue: "malformed")
        /// The payload is not valid UTF-8.
        public static let invalidUTF8 = Kind(rawValue: "invalid-utf8")
        /// A null payload (tombstone) where an event was expected.
        public static let nullPayload = Kind(rawValue: "null-payload")
        /// The payload is larger than the worker accepts.
        public static let oversized = Kind(rawValue: "oversized")
        /// An event type the worker does not know.
        public static let unknownType = Kind(rawValue: "unknown-type")
        /// A schema version the worker does not support.
        public static let unsupportedVersion = Kind(rawValue: "unsupported-version")
        /// A required field is missing.
        public static let missingField = Kind(rawValue: "missing-field")
        /// A field has the wrong type or a value outside what is allowed.
        public static let invalidValue = Kind(rawValue: "invalid-value")
        /// The input is well-formed but breaks a business rule (an unknown unit, …).
        public static let validation = Kind(rawValue: "validation")
        /// The acting unit may not act on the entity it names (DOMAIN.md §1: a unit acts on its
        /// own work and its descendants'; HQ on all), or the unit is not one of the topology's.
        public static let unauthorized = Kind(rawValue: "unauthorized")
        /// Applying it kept failing after every retry.
        public static let exhaustedRetries = Kind(rawValue: "exhausted-retries")
        /// Deciding it would publish a record larger than a worker may send
        /// (``RuntimeConfiguration/maxOutputBytes``), which no broker would take.
        public static let outputTooLarge = Kind(rawValue: "output-too-large")
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}

/// What a decision can do: read and change the worker's state, emit outputs, set and cancel timers.
/// Valid only inside ``WorkerLogic/apply(_:in:)`` and ``WorkerLogic/fire(_:in:)``.
public struct DecisionContext {
    /// The worker's database, inside the transaction of this batch.
    public let db: Database
    /// The worker's clock at the start of this decision.
    public let now: Date
    /// The id of the input (or timer) being decided.
    public let cause: String
    /// The task deciding it (``TaskLayout``): 0 for a worker with a single task. Ids a worker makes
    /// up (tickets, orders, notices) include it when there are several, so they are unique
    /// across tasks.
    public let task: Int32
    /// Outputs emitted so far by this decision.
    public var emitted: Int { outputs.count }
    /// The outbox rows this decision wrote, published once the transaction commits.
    private(set) var outputs: [OutboxRecord] = []
    /// The most bytes one output may have (key, value and headers).
    let maxOutputBytes: Int
    /// The runtime's per-input statements, when the chunk looked them up once for all its inputs.
    let hot: StateTables.HotStatements?

    init(db: Database, now: Date, cause: String, task: Int32 = 0, maxOutputBytes: Int = 900_000, hot: StateTables.HotStatements? = nil) {
        self.db = db
        self.now = now
        self.cause = cause
        self.task = task
        self.maxOutputBytes = maxOutputBytes
        self.hot = hot
    }

    /// Emits an output: it is published after the transaction commits, with a stable event id
    /// (the same id if it is ever published twice).
    ///
    /// - Returns: the output's event id.
    /// - Throws: ``InputRejection`` (``InputRejection/Kind/outputTooLarge``) when the record would
    ///   be larger than a worker may send: the input is refused rather than blocking the outbox.
    @discardableResult
    public mutating func emit(topic: String, key: String?, value: [UInt8]?, headers: [(String, String)] = [], eventID: String? = nil) throws -> String {
        let id = eventID ?? UUID().uuidString.lowercased()
        var allHeaders: [(String, [UInt8]?)] = []
        allHeaders.reserveCapacity(headers.count + 1)
        for (name, value) in headers { allHeaders.append((name, Array(value.utf8))) }
        if !headers.contains(where: { $0.0 == "eventId" }) { allHeaders.append(("eventId", Array(id.utf8))) }
        let size = (key?.utf8.count ?? 0) + (value?.count ?? 0) + allHeaders.reduce(0) { $0 + $1.0.utf8.count + ($1.1?.count ?? 0) }
        guard size <= maxOutputBytes else {
            throw InputRejection(
                .outputTooLarge,
                "deciding it would publish a record of \(size) bytes to '\(topic)' (key \(key ?? "none")); at most \(maxOutputBytes) bytes are sent, and no broker would take it")
        }
        outputs.append(try StateTables.enqueue(db, eventID: id, topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: allHeaders, using: hot))
        return id
    }

    /// Sets (or moves) the timer `id` to fire at `due` with `payload`.
    public func setTimer(id: String, due: Date, payload: [UInt8] = []) throws {
        try StateTables.setTimer(db, id: id, due: due, payload: payload)
    }

    /// Cancels the timer `id`; nothing happens if it is not set.
    public func cancelTimer(id: String) throws {
        try StateTables.cancelTimer(db, id: id)
    }
}
