import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// `config/security.yaml` (docs/security.md): the command clock rule and per-unit command topics.
@Suite("security.yaml: the shipped skew and unit topics, the default without the file, strict errors")
struct SecurityConfigurationTests {
    @Test("the shipped file allows 5 minutes of skew into the future, and the domain configuration carries it")
    func shipped() throws {
        #expect(try SecurityConfiguration.load(directory: ConfigFixtures.shippedDirectory) == CommandPolicy(maxFutureSkewSeconds: 300))
        #expect(try DomainConfiguration.load(directory: ConfigFixtures.shippedDirectory).commands.maxFutureSkewSeconds == 300)
    }

    @Test("a folder without security.yaml gets the default")
    func missingFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-security-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try SecurityConfiguration.load(directory: folder) == .default)
    }

    @Test("commands.unitTopics: false when left out (the shipped file), true or false when written, anything else an error naming the key")
    func unitTopics() throws {
        #expect(try SecurityConfiguration.load(directory: ConfigFixtures.shippedDirectory).unitTopics == false)
        #expect(try ConfigReader.security(yaml: "commands:\n  maxFutureSkewSeconds: 300\n").unitTopics == false)
        #expect(try ConfigReader.security(yaml: "commands:\n  maxFutureSkewSeconds: 300\n  unitTopics: true\n") == CommandPolicy(maxFutureSkewSeconds: 300, unitTopics: true))
        #expect(try ConfigReader.security(yaml: "commands:\n  maxFutureSkewSeconds: 60\n  unitTopics: false\n") == CommandPolicy(maxFutureSkewSeconds: 60))
        do {
            _ = try ConfigReader.security(yaml: "commands:\n  maxFutureSkewSeconds: 300\n  unitTopics: sometimes\n")
            Issue.record("accepted unitTopics: sometimes")
        } catch {
            #expect(error.keyPath == "commands.unitTopics", "\(error)")
            #expect(error.message.contains("true or false"), "\(error)")
        }
    }

    @Test("the secured compose stack's security.yaml has unit topics on and the shipped skew")
    func composeFile() throws {
        let path = (ConfigFixtures.shippedDirectory as NSString).deletingLastPathComponent + "/compose/security.yaml"
        let policy = try ConfigReader.security(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(policy == CommandPolicy(maxFutureSkewSeconds: try SecurityConfiguration.load(directory: ConfigFixtures.shippedDirectory).maxFutureSkewSeconds, unitTopics: true))
    }

    @Test("with unitTopics on, a unit id that cannot be part of a Kafka topic name is refused, naming the setting and the unit; off, it loads")
    func unitTopicsNeedTopicSafeUnitIDs() throws {
        func edit(_ directory: String, unitTopics: Bool) throws {
            try ConfigFixtures.replace("{ id: GD-FS, tier: city", with: "{ id: GD FS, tier: city", in: .topology, directory: directory)
            try "commands:\n  maxFutureSkewSeconds: 300\n  unitTopics: \(unitTopics)\n"
                .write(toFile: SecurityConfiguration.path(in: directory), atomically: true, encoding: .utf8)
        }
        let error = try ConfigFixtures.loadError { try edit($0, unitTopics: true) }
        #expect(error.keyPath == "commands.unitTopics", "\(error)")
        #expect(error.file.hasSuffix("security.yaml"), "\(error)")
        #expect(error.message.contains("'GD FS'"), "\(error)")

        let directory = try ConfigFixtures.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try edit(directory, unitTopics: false)
        #expect(try DomainConfiguration.load(directory: directory).topology.contains("GD FS"))
    }

    @Test("a negative skew, a skew above a day and an unknown key are errors naming the key")
    func strict() throws {
        for (yaml, key) in [
            ("commands:\n  maxFutureSkewSeconds: -1\n", "commands.maxFutureSkewSeconds"),
            ("commands:\n  maxFutureSkewSeconds: 90000\n", "commands.maxFutureSkewSeconds"),
            ("commands:\n  maxFutureSkewSeconds: 300\n  maxPastSkewSeconds: 1\n", "maxPastSkewSeconds"),
        ] {
            do {
                _ = try ConfigReader.security(yaml: yaml)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect("\(error)".contains(key), "\(error)")
                #expect("\(error)".contains("security.yaml"), "\(error)")
            }
        }
    }
}
