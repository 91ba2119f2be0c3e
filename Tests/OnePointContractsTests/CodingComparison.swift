import Foundation
import OnePointDomain

@testable import OnePointContracts

/// One example envelope read and written both ways: by the contracts' own JSON value coding
/// and by `JSONDecoder`/`JSONEncoder`, as every event was before.
struct CodingComparison: Sendable {
    /// The compact JSON `JSONEncoder` writes.
    var foundationBytes: [UInt8]
    /// The compact JSON written from the envelope's JSON value; `nil` when left to `JSONEncoder`.
    var valueBytes: [UInt8]?
    /// The JSON value parsed back from ``valueBytes`` equals the value it was written from.
    var valueRoundTrips: Bool
    /// The envelope decoded from the parsed JSON equals the one `JSONDecoder` decodes; `nil`
    /// when left to `JSONDecoder`.
    var decodesAsFoundation: Bool?
    /// ``EventEnvelope/decode(_:topology:)`` of ``foundationBytes`` equals the envelope.
    var decodesEqual: Bool
    /// ``EventEnvelope/encoded(pretty:)`` equals ``foundationBytes``.
    var encodedEqual: Bool
    /// ``EventRecord`` writes ``foundationBytes``.
    var recordEqual: Bool

    init<P: EventPayload>(_ envelope: EventEnvelope<P>) throws {
        foundationBytes = try EventEnvelope<P>.writtenByFoundation(envelope, pretty: false)
        let written = EventEnvelope<P>.written(envelope)
        valueBytes = written?.bytes
        valueRoundTrips = try written.map { try JSONValue.parseObject($0.bytes) == $0.object } ?? true
        let parsed = JSONValue.object(try JSONValue.parseObject(foundationBytes))
        let foundation = try ContractJSON.decoder().decode(EventEnvelope<P>.self, from: Data(foundationBytes))
        decodesAsFoundation = (try? parsed.decode(EventEnvelope<P>.self)).map { $0 == foundation }
        decodesEqual = try EventEnvelope<P>.decode(foundationBytes, topology: ContractFixtures.topology) == envelope
        encodedEqual = try envelope.encoded() == foundationBytes
        recordEqual = try EventRecord(envelope, topology: ContractFixtures.topology).value == foundationBytes
    }
}
