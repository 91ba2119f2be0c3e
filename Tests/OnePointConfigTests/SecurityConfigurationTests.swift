import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// `config/security.yaml` (docs/security.md): the command clock rule.
@Suite("security.yaml: the shipped skew, the default without the file, strict errors")
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
