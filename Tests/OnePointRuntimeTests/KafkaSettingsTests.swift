import Foundation
@testable import OnePointKafka
import OnePointRuntime
import Testing

/// Issue 17, item 3: TLS and SASL from the same settings for the workers and the CLI, secrets from
/// files, errors naming the origin, the key and the file. librdkafka 2.0.2's mock cluster speaks
/// neither SASL nor TLS, so these check the exact librdkafka properties the settings build
/// (``KafkaSettings/load(from:defaultClientID:fallbackBootstrap:missingBootstrapAdvice:)`` is
/// what `WorkerSettings.load` and the CLI's `ClusterOptions` both call).
@Suite("Kafka transport and secrets: settings to librdkafka properties")
struct KafkaSettingsTests {
    let secret = "pa55-\(UUID().uuidString.prefix(8))"

    /// A private folder with files; returns its path.
    func folder(_ files: [String: String], mode: Int = 0o600) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + "/" + name)
        }
        return path
    }

    func yaml(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func properties(_ client: KafkaClientConfiguration) -> [String: String] {
        Dictionary(client.rdProperties, uniquingKeysWith: { $1 })
    }

    @Test("SCRAM-SHA-512 over TLS, password from ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE: exact properties, worker and CLI alike")
    func scramOverTLS() async throws {
        let dir = try folder(["password": secret + "\n", "ca.pem": "CA"])
        let environment = [
            "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "kafka-1:9094,kafka-2:9094",
            "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "scram-sha-512",
            "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "onepoint-fault",
            "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": dir + "/password",
            "ONEPOINT_KAFKA_SECURITY_SSL_CA_LOCATION": dir + "/ca.pem",
        ]
        let source = try await SettingsSource(environment: environment, file: "config/onepoint.yaml")
        let worker = try WorkerSettings.load(worker: .fault, from: source)
        let cli = try KafkaSettings.load(from: source, defaultClientID: "onepoint-cli")
        #expect(worker.warnings.isEmpty, "\(worker.warnings)")
        #expect(worker.kafka.rdProperties.map(\.0).prefix(4) == ["bootstrap.servers", "client.id", "reconnect.backoff.max.ms", "statistics.interval.ms"])
        let expected = [
            "security.protocol": "sasl_ssl", "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": "onepoint-fault",
            "sasl.password": secret, "ssl.ca.location": dir + "/ca.pem",
        ]
        for client in [worker.kafka, cli.client] {
            let found = properties(client)
            #expect(found["bootstrap.servers"] == "kafka-1:9094,kafka-2:9094")
            for (key, value) in expected { #expect(found[key] == value, "\(key)") }
            #expect(found["ssl.certificate.location"] == nil && found["ssl.key.location"] == nil && found["ssl.key.password"] == nil)
            // The secret only reaches librdkafka: every description is redacted.
            #expect(Dictionary(client.redactedProperties.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })["sasl.password"] == "[redacted]")
            for text in [String(describing: client), String(reflecting: client), "\(client.security)", String(reflecting: client.security)] {
                #expect(!text.contains(secret), "\(text)")
            }
            var dumped = ""
            dump(client, to: &dumped)
            #expect(!dumped.contains(secret), "\(dumped)")
        }
        #expect(properties(worker.kafka)["client.id"] == "onepoint-fault")
        #expect(properties(cli.client)["client.id"] == "onepoint-cli")
        #expect(worker.kafka.security.summary == "sasl_ssl, SCRAM-SHA-512 as onepoint-fault (password set), CA \(dir)/ca.pem")
        var dumpedSettings = ""
        dump(worker, to: &dumpedSettings)
        #expect(!dumpedSettings.contains(secret), "dumping the whole settings never shows the secret")
    }

    @Test("mTLS: client certificate and key, key password from kafka.security.sslKeyPasswordFile in the YAML file")
    func mutualTLS() async throws {
        let dir = try folder(["ca.pem": "CA", "client.pem": "CERT", "client.key": "KEY", "key-password": secret])
        let file = try yaml("""
            kafka:
              bootstrapServers: kafka-1:9095
              security:
                protocol: ssl
                sslCaLocation: \(dir)/ca.pem
                sslCertificateLocation: \(dir)/client.pem
                sslKeyLocation: \(dir)/client.key
                sslKeyPasswordFile: \(dir)/key-password
            """)
        let settings = try WorkerSettings.load(worker: .cutover, from: try await SettingsSource(environment: [:], file: file))
        let found = properties(settings.kafka)
        #expect(found["security.protocol"] == "ssl")
        #expect(found["ssl.ca.location"] == dir + "/ca.pem")
        #expect(found["ssl.certificate.location"] == dir + "/client.pem")
        #expect(found["ssl.key.location"] == dir + "/client.key")
        #expect(found["ssl.key.password"] == secret)
        #expect(found["sasl.mechanism"] == nil && found["sasl.password"] == nil)
        #expect(settings.warnings.isEmpty, "\(settings.warnings)")
        #expect(!String(describing: settings.kafka).contains(secret))
    }

    @Test("a password file that cannot be read is an error naming the file, the key and the origin")
    func unreadablePasswordFile() async throws {
        let missing = "/nonexistent/onepoint/sasl-password"
        let source = try await SettingsSource(
            environment: [
                "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "sasl_ssl",
                "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "SCRAM-SHA-512", "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "u",
                "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": missing,
            ], file: nil)
        let error = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: source) }
        #expect(error?.code == .unreadablePath)
        #expect(error?.description == "environment variable ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE: kafka.security.saslPasswordFile: cannot read \(missing): no such file")

        let dir = try folder(["empty": "\n"])
        let file = try yaml("kafka:\n  bootstrapServers: h:1\n  security:\n    sslKeyPasswordFile: \(dir)/empty\n")
        let emptySource = try await SettingsSource(environment: [:], file: file)
        let emptyError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: emptySource) }
        #expect(emptyError?.description == "\(file): kafka.security.sslKeyPasswordFile: \(dir)/empty is empty")

        let caSource = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_KAFKA_SECURITY_SSL_CA_LOCATION": dir], file: nil)
        let caError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: caSource) }
        #expect(caError?.description == "environment variable ONEPOINT_KAFKA_SECURITY_SSL_CA_LOCATION: kafka.security.sslCaLocation: cannot read \(dir): it is a folder, not a file")
    }

    @Test("the secret and its file: the higher layer wins; both in one layer is an error; a secret in the YAML file is warned about")
    func secretLayers() async throws {
        let dir = try folder(["password": secret])
        let file = try yaml("kafka:\n  bootstrapServers: h:1\n  security:\n    protocol: sasl_ssl\n    saslMechanism: SCRAM-SHA-512\n    saslUsername: u\n    saslPassword: from-yaml\n")
        let overridden = try WorkerSettings.load(
            worker: .fault, from: try await SettingsSource(environment: ["ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": dir + "/password"], file: file))
        #expect(overridden.kafka.security.saslPassword == secret)
        #expect(overridden.warnings.isEmpty)

        let inYAML = try WorkerSettings.load(worker: .fault, from: try await SettingsSource(environment: [:], file: file))
        #expect(inYAML.kafka.security.saslPassword == "from-yaml")
        #expect(inYAML.warnings.contains { $0.contains("kafka.security.saslPassword is written in \(file)") }, "\(inYAML.warnings)")
        #expect(!inYAML.warnings.joined().contains("from-yaml"))

        let both = try await SettingsSource(
            environment: ["ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": dir + "/password", "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD": "direct-\(secret)"], file: file)
        let error = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: both) }
        #expect(error?.key == "kafka.security.saslPasswordFile")
        #expect(error?.origin == "environment variable ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE")
        #expect(error?.description.contains("not both") == true)
        #expect(error?.description.contains("kafka.security.saslPassword is set too (environment variable ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD)") == true, "\(String(describing: error))")
        #expect(error?.description.contains(secret) == false, "neither secret is named")
    }

    @Test("refused: PLAIN without TLS, SASL without user or password, a certificate without its key, an unknown mechanism")
    func refused() async throws {
        func load(_ environment: [String: String]) async throws -> SettingsError? {
            let source = try await SettingsSource(environment: environment.merging(["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1"]) { $1 }, file: nil)
            return #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: source) }
        }
        let sasl = ["ONEPOINT_KAFKA_SECURITY_PROTOCOL": "sasl_plaintext", "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "u", "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD": "p"]
        let plain = try await load(sasl.merging(["ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "PLAIN"]) { $1 })
        #expect(plain?.key == "kafka.security.saslMechanism")
        #expect(plain?.description.contains("only over TLS") == true)
        let noMechanism = try await load(sasl)
        #expect(noMechanism?.key == "kafka.security.saslMechanism" && noMechanism?.code == .missing)
        let noPassword = try await load(["ONEPOINT_KAFKA_SECURITY_PROTOCOL": "sasl_ssl", "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "SCRAM-SHA-512", "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "u"])
        #expect(noPassword?.key == "kafka.security.saslPassword")
        #expect(noPassword?.description.contains("ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE") == true)
        let unknown = try await load(sasl.merging(["ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "GSSAPI"]) { $1 })
        #expect(unknown?.description == "environment variable ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM: kafka.security.saslMechanism: expected one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN, got 'GSSAPI'")
        let dir = try folder(["client.pem": "CERT"])
        let noKey = try await load(["ONEPOINT_KAFKA_SECURITY_PROTOCOL": "ssl", "ONEPOINT_KAFKA_SECURITY_SSL_CERTIFICATE_LOCATION": dir + "/client.pem"])
        #expect(noKey?.key == "kafka.security.sslKeyLocation")
    }

    @Test("a secret file others can read is accepted with a warning naming the file, not the secret")
    func looseSecretFile() async throws {
        let dir = try folder(["password": secret], mode: 0o644)
        let source = try await SettingsSource(
            environment: [
                "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "sasl_ssl",
                "ONEPOINT_KAFKA_SECURITY_SASL_MECHANISM": "SCRAM-SHA-256", "ONEPOINT_KAFKA_SECURITY_SASL_USERNAME": "u",
                "ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE": dir + "/password",
            ], file: nil)
        let settings = try WorkerSettings.load(worker: .fault, from: source)
        #expect(settings.warnings == [
            "kafka.security.saslPasswordFile (environment variable ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE): \(dir)/password can be read or written by other users (mode 644); make it the owner's alone (chmod 600 \(dir)/password)"
        ])
    }
}
