import Foundation

/// The machine's live processes, read from `/proc`, to find every process of one run whatever its
/// parent is now (an orphan's parent is 1).
enum ProcessTable {
    /// The live (not zombie) processes one of whose arguments is exactly `argument`.
    static func processes(withArgument argument: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                cmdline.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == argument }),
                !isZombie(pid)
            else { return nil }
            return pid
        }.sorted()
    }

    /// A line per process: pid, parent and command, for failure messages.
    static func describe(_ pids: [Int32]) -> String {
        pids.map { pid in
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline").map {
                String(decoding: $0.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            } ?? "?"
            return "\(pid) (parent \(parent(of: pid).map(String.init) ?? "?")): \(cmdline)"
        }.joined(separator: "\n")
    }

    /// The fields of `/proc/PID/stat` after the command name: state, parent, ….
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static func isZombie(_ pid: Int32) -> Bool {
        guard let state = statFields(pid)?.first else { return true }  // gone meanwhile
        return state == "Z" || state == "X"
    }

    static func parent(of pid: Int32) -> Int32? {
        guard let fields = statFields(pid), fields.count > 1 else { return nil }
        return Int32(fields[1])
    }
}
