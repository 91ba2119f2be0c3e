import Foundation
import Testing

/// Files under the repository that are generated from the code (schemas, examples, the
/// catalogue in docs/events.md): compared with the code, or rewritten when
/// `ONEPOINT_RECORD_CONTRACTS=1`.
enum GoldenFiles {
    /// Expects `url` to hold exactly `content`; records an issue naming the file otherwise.
    static func expect(_ url: URL, holds content: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let current = try? String(contentsOf: url, encoding: .utf8)
        guard current != content else { return }
        if ContractFixtures.recording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try content.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        Issue.record(
            "\(url.path) \(current == nil ? "is missing" : "differs from the code"); run the tests with ONEPOINT_RECORD_CONTRACTS=1 to regenerate it, then review the diff",
            sourceLocation: sourceLocation)
    }

    /// Expects `directory` to hold no files ending in `suffix` beyond `expected` (stale ones are
    /// removed when recording).
    static func expectOnly(_ expected: Set<String>, in directory: URL, suffix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in present where name.hasSuffix(suffix) && !expected.contains(name) {
            if ContractFixtures.recording {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            } else {
                Issue.record("\(directory.path)/\(name) belongs to no event type; remove it", sourceLocation: sourceLocation)
            }
        }
    }
}
