import Foundation
import OnePointDomain

/// What every worker checks on a command besides its contract (`security.yaml`,
/// docs/security.md): how far into the future a command's instant may lie, and whether every
/// unit writes its commands on topics of its own (`commands.unitTopics`).
///
/// The file is optional: a configuration folder without it gets ``CommandPolicy/default``
/// (5 minutes), so folders written before the file existed still load.
public enum SecurityConfiguration {
    /// The name of the file in a configuration folder.
    public static let fileName = "security.yaml"

    /// The path of `security.yaml` in `directory` (`config` → `config/security.yaml`).
    public static func path(in directory: String) -> String {
        directory.isEmpty ? fileName : directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// Reads `security.yaml` in `directory`, or the default policy when there is none.
    ///
    /// - Throws: ``ConfigError`` naming the file, the key and the line of a problem.
    public static func load(directory: String) throws(ConfigError) -> CommandPolicy {
        let path = path(in: directory)
        guard FileManager.default.fileExists(atPath: path) else { return .default }
        return try ConfigReader.security(yaml: try ConfigReader.read(file: path), file: path)
    }
}

extension ConfigReader {
    /// The command policy of a `security.yaml` text.
    public static func security(yaml: String, file: String = SecurityConfiguration.fileName) throws(ConfigError) -> CommandPolicy {
        try YAMLDocument.decode(SecurityDocument.self, yaml: yaml, file: file) { document throws(ConfigIssue) in
            try document.configuration()
        }
    }
}
