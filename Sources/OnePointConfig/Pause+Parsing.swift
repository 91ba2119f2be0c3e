import Foundation
import OnePointDomain

extension Pause {
    /// Parses a clock stop written `FROM/TO`, two ISO-8601 times with offset
    /// (`2026-11-24T09:00:00+08:00/2026-11-25T09:00:00+08:00`), as `--pause` takes it.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` when the text is
    ///   not two times separated by `/`, or ``DomainError/Code/invalidInterval`` when the pause
    ///   ends before it starts.
    public init(parsing text: String) throws(DomainError) {
        let ends = text.split(separator: "/", omittingEmptySubsequences: false)
        guard ends.count == 2 else {
            throw DomainError(
                .invalidValue,
                "pause '\(text)' must be FROM/TO, two ISO-8601 times with offset separated by '/', e.g. 2026-11-24T09:00:00+08:00/2026-11-24T15:00:00+08:00")
        }
        let start = try ISOTime.parse(String(ends[0]), role: "pause start")
        let end = try ISOTime.parse(String(ends[1]), role: "pause end")
        guard end >= start else {
            throw DomainError(.invalidInterval, "pause '\(text)' ends before it starts; write it FROM/TO with FROM first")
        }
        try self.init(start: start, end: end)
    }
}
