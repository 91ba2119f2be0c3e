import Foundation

/// A copy of a configuration folder with some files rewritten, for a test that needs another
/// setting than the shipped one (`commands.unitTopics: true`, a smaller note cap).
public enum ConfigFolder {
    /// Copies `directory` (subfolders included) to a new temporary folder, then writes `files`
    /// (name → text) over its files.
    ///
    /// - Returns: the new folder's path.
    public static func copy(of directory: String, writing files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-config-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: directory, toPath: folder)
        for (name, text) in files {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// `security.yaml` with the shipped skew and per-unit command topics on.
    public static let unitTopicsSecurity = """
        commands:
          maxFutureSkewSeconds: 300
          unitTopics: true

        """
}
