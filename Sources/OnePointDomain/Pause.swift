import Foundation

/// A clock stop (暂停计时): a span `[start, end)` during which a limit's clock does not run.
///
/// Pauses given together may overlap each other and may span nights, weekends and holidays;
/// overlapping time is removed once. A pause of zero length removes nothing.
public struct Pause: Sendable, Hashable, Codable {
    /// When the clock stopped.
    public let start: Date
    /// When the clock started again.
    public let end: Date

    /// Makes a pause.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidInterval`` when `end` is
    ///   before `start`.
    public init(start: Date, end: Date) throws(DomainError) {
        guard end >= start else {
            throw DomainError(.invalidInterval, "pause from \(start) ends before it starts (end \(end))")
        }
        self.start = start
        self.end = end
    }

    private enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(start: container.decode(Date.self, forKey: .start), end: container.decode(Date.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }
}
