import Foundation
import OnePointDomain
import Yams

/// Reads one YAML document into a `Decodable` model and checks it, turning every failure into
/// a ``ConfigError`` that names the file, the key path, the line and the problem.
enum YAMLDocument {
    /// Reads `file` as UTF-8 text.
    static func read(_ file: String) throws(ConfigError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw ConfigError(.fileNotFound, file: file, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(.unreadableFile, file: file, message: "is a folder, not a file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(.unreadableFile, file: file, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.unreadableFile, file: file, message: "is not UTF-8 text")
        }
        return text
    }

    /// Decodes `yaml` (the text of `file`) as `Model`, then turns it into the result with `check`.
    static func decode<Model: StrictlyKeyed, Result>(
        _ model: Model.Type, yaml: String, file: String, check: (Model) throws(ConfigIssue) -> Result
    ) throws(ConfigError) -> Result {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigError(.invalidSyntax, file: file, message: "the file is empty")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch {
            throw syntaxError(error, file: file)
        }
        do {
            let decoded = try YAMLDecoder().decode(Strict<Model>.self, from: root).value
            return try check(decoded)
        } catch let issue as ConfigIssue {
            throw ConfigError(
                issue.code, file: file, keyPath: issue.path.description, line: line(of: issue.path, in: root),
                message: issue.message)
        } catch let error as DecodingError {
            throw decodingError(error, file: file, root: root)
        } catch {
            throw ConfigError(.invalidValue, file: file, message: "\(error)")
        }
    }

    // MARK: - Errors

    /// A YAML syntax error as one line: where and what.
    static func syntaxError(_ error: any Error, file: String) -> ConfigError {
        guard let yamlError = error as? YamlError else {
            return ConfigError(.invalidSyntax, file: file, message: "not valid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) at line \($0.mark.line): " } ?? ""
            return ConfigError(
                .invalidSyntax, file: file, line: mark.line, message: "not valid YAML (column \(mark.column)): \(detail)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ConfigError(
                .invalidSyntax, file: file, line: context.mark.line,
                message: "key \(keys) is given more than once in the same mapping")
        case .reader(let problem, _, _, _):
            return ConfigError(.unreadableFile, file: file, message: "cannot be read as YAML: \(problem)")
        default:
            return ConfigError(.invalidSyntax, file: file, message: "not valid YAML: \(yamlError)")
        }
    }

    /// A decoding error (missing key, wrong kind of value) as a ``ConfigError``; with the
    /// document's `root` node at hand, it also gives the line and shows the value found.
    static func decodingError(_ error: DecodingError, file: String, root: Node? = nil) -> ConfigError {
        func lineOf(_ path: ConfigKeyPath) -> Int? { root.flatMap { line(of: path, in: $0) } }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = ConfigKeyPath(context.codingPath)
            return ConfigError(
                .missingKey, file: file, keyPath: parent.appending(key.stringValue).description, line: lineOf(parent),
                message: "required key '\(key.stringValue)' is missing")
        case .valueNotFound(let type, let context):
            let path = ConfigKeyPath(context.codingPath)
            return ConfigError(
                .missingKey, file: file, keyPath: path.description, line: lineOf(path),
                message: "has no value; expected \(describe(type, inYAML: root != nil))")
        case .typeMismatch(let type, let context):
            let path = ConfigKeyPath(context.codingPath)
            return ConfigError(
                .wrongType, file: file, keyPath: path.description, line: lineOf(path),
                message: "expected \(describe(type, inYAML: root != nil)), got \(root.flatMap { found(at: path, in: $0) } ?? found(context.debugDescription))")
        case .dataCorrupted(let context):
            let path = ConfigKeyPath(context.codingPath)
            return ConfigError(
                .invalidValue, file: file, keyPath: path.description, line: lineOf(path), message: context.debugDescription)
        @unknown default:
            return ConfigError(.invalidValue, file: file, message: "\(error)")
        }
    }

    /// What a person calls the kind of value a type decodes from.
    static func describe(_ type: Any.Type, inYAML: Bool) -> String {
        switch type {
        case is String.Type where !inYAML: "text"
        case is Node.Mapping.Type, is [String: Any].Type: "a mapping of keys to values"
        case is Node.Sequence.Type, is [Any].Type: "a list"
        case is Node.Scalar.Type, is String.Type: "a single value"
        case is Int.Type: "a whole number"
        case is Double.Type, is Decimal.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }

    /// The "found …" part of a decoder's description, in plain words.
    static func found(_ debugDescription: String) -> String {
        let lower = debugDescription.lowercased()
        if lower.contains("found scalar") { return "a single value" }
        if lower.contains("found a string") || lower.contains("found string") { return "text" }
        if lower.contains("found mapping") || lower.contains("found a dictionary") || lower.contains("found dictionary") {
            return "a mapping"
        }
        if lower.contains("found sequence") || lower.contains("found an array") || lower.contains("found array") {
            return "a list"
        }
        if lower.contains("number") { return "a number" }
        if lower.contains("null") { return "nothing (null)" }
        return "something else (\(debugDescription))"
    }

    /// What sits at `path` in `root`, for a person: `'nine'`, `a mapping`, `a list`.
    static func found(at path: ConfigKeyPath, in root: Node) -> String? {
        guard let node = self.node(at: path, in: root) else { return nil }
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The node at `path` in `root`, if there is one.
    static func node(at path: ConfigKeyPath, in root: Node) -> Node? {
        var node = root
        for component in path.components {
            switch component {
            case .key(let key):
                guard let child = node.mapping?[key] else { return nil }
                node = child
            case .index(let index):
                guard let sequence = node.sequence, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            }
        }
        return node
    }

    /// The line of the deepest node on `path` that exists in `root`.
    static func line(of path: ConfigKeyPath, in root: Node) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in path.components {
            let next: Node?
            switch component {
            case .key(let key): next = node.mapping?[key]
            case .index(let index):
                if let sequence = node.sequence, sequence.indices.contains(index) { next = sequence[index] } else { next = nil }
            }
            guard let child = next else { break }
            node = child
            line = child.mark?.line ?? line
        }
        return line
    }
}
