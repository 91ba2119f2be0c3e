import Foundation

/// Validates JSON instances against JSON Schemas with Python's `jsonschema` package
/// (draft 2020-12, formats checked), installed by `scripts/ensure-deps.sh`.
enum SchemaValidator {
    /// The inline script: argv holds schema and instance paths in pairs; it prints, as JSON, one
    /// list of error messages per pair (empty when the instance is valid).
    static let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        results = []
        paths = sys.argv[1:]
        for schema_path, instance_path in zip(paths[0::2], paths[1::2]):
            with open(schema_path) as f: schema = json.load(f)
            with open(instance_path) as f: instance = json.load(f)
            try:
                Draft202012Validator.check_schema(schema)
            except Exception as error:
                results.append(["schema: " + str(error).splitlines()[0]]); continue
            validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
            errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
            results.append(["/".join(map(str, e.absolute_path)) + ": " + e.message for e in errors])
        print(json.dumps(results))
        """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The error messages for each (schema, instance) pair, in order; empty lists are valid.
    static func validate(_ pairs: [(schema: String, instance: [UInt8])]) throws -> [[String]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-schemas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["python3", "-c", script]
        for (index, pair) in pairs.enumerated() {
            let schema = directory.appendingPathComponent("\(index).schema.json")
            let instance = directory.appendingPathComponent("\(index).instance.json")
            try pair.schema.write(to: schema, atomically: true, encoding: .utf8)
            try Data(pair.instance).write(to: instance)
            arguments += [schema.path, instance.path]
        }
        let process = Process()
        // Under timeout(1): a validator that hangs is stopped after 5 minutes (SIGKILL 10 s later),
        // so neither the read nor the wait below can block forever.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=10", "300", "/usr/bin/env"] + arguments
        let output = Pipe()
        let errorLog = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 124, process.terminationStatus != 137 else {
            throw Failure(description: "python3 jsonschema did not finish within 300 s (stopped by timeout(1))")
        }
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 jsonschema exited \(process.terminationStatus) (is jsonschema installed? scripts/ensure-deps.sh installs it): \(log)")
        }
        let results = try JSONDecoder().decode([[String]].self, from: data)
        guard results.count == pairs.count else { throw Failure(description: "validator answered \(results.count) of \(pairs.count) pairs") }
        return results
    }
}
