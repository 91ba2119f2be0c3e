import Foundation
import OnePointKafka

/// How every OnePoint process — each worker and the `onepoint` CLI — connects to Kafka, read
/// from the same `kafka.*` settings (``SettingsSource``: flags, then `ONEPOINT_*` environment
/// variables, then `config/onepoint.yaml`). `docs/configuration.md` lists the keys and
/// `docs/security-transport.md` how to use them.
///
/// Secrets (`kafka.security.saslPassword`, `kafka.security.sslKeyPassword`) come from the
/// setting itself or from a file named by the same key + `File`
/// (``SettingsSource/secret(_:)``); they are handed to librdkafka and to nothing else: the
/// configuration's descriptions and mirrors show `password set`, never the value.
public struct KafkaSettings: Sendable {
    /// The SASL mechanisms OnePoint accepts (`kafka.security.saslMechanism`).
    public static let mechanisms = ["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]

    /// The client configuration: bootstrap servers, client id, security.
    public var client: KafkaClientConfiguration
    /// Settings that are accepted but deserve the operator's attention (a secret written in the
    /// configuration file, SASL settings the protocol does not use, a secret file other users can
    /// read). Each names the key and its origin, never a secret. Log them at start.
    public var warnings: [String]

    /// Reads the `kafka.*` settings.
    ///
    /// - Parameters:
    ///   - source: the layered settings.
    ///   - defaultClientID: `client.id` when `kafka.clientId` is not set.
    ///   - fallbackBootstrap: the bootstrap servers to use when no layer sets a non-empty
    ///     `kafka.bootstrapServers` (the CLI passes `<state-dir>/bootstrap.servers`).
    ///   - missingBootstrapAdvice: what to do when there is none at all, for the error message.
    /// - Throws: ``SettingsError`` naming the origin, the key and what is wrong; a file that cannot
    ///   be read is named with the key and origin that named it.
    public static func load(
        from source: SettingsSource, defaultClientID: String, fallbackBootstrap: SettingsSource.Value? = nil,
        missingBootstrapAdvice: String =
            "set it in the config file, with ONEPOINT_KAFKA_BOOTSTRAP_SERVERS or with --bootstrap-servers (onepoint dev does this for you)"
    ) throws(SettingsError) -> KafkaSettings {
        var bootstrap = source.value("kafka.bootstrapServers")
        if bootstrap.map({ $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true {
            bootstrap = fallbackBootstrap
        }
        guard let bootstrap, !bootstrap.text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SettingsError(.missing, origin: "", key: "kafka.bootstrapServers", problem: missingBootstrapAdvice)
        }
        for server in bootstrap.text.split(separator: ",") {
            let parts = server.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard parts.count >= 2, let port = Int(parts[parts.count - 1]), (1...65_535).contains(port) else {
                throw SettingsError(.invalid, origin: bootstrap.origin, key: "kafka.bootstrapServers", problem: "'\(server)' is not host:port")
            }
        }
        var client = KafkaClientConfiguration(bootstrapServers: bootstrap.text.trimmingCharacters(in: .whitespaces))
        client.clientID = source.string("kafka.clientId", default: defaultClientID)
        var warnings: [String] = []
        client.security = try security(from: source, warnings: &warnings)
        return KafkaSettings(client: client, warnings: warnings)
    }

    /// Reads and checks `kafka.security.*`.
    static func security(from source: SettingsSource, warnings: inout [String]) throws(SettingsError) -> KafkaSecurity {
        let transport = try source.choice("kafka.security.protocol", default: KafkaSecurity.TransportProtocol.plaintext)
        let protocolOrigin = source.value("kafka.security.protocol")?.origin ?? "the default"
        var security = KafkaSecurity(transport: transport)

        // SASL
        if let mechanism = source.value("kafka.security.saslMechanism") {
            let upper = mechanism.text.trimmingCharacters(in: .whitespaces).uppercased()
            guard mechanisms.contains(upper) else {
                throw SettingsError(
                    .invalid, origin: mechanism.origin, key: "kafka.security.saslMechanism",
                    problem: "expected one of \(mechanisms.joined(separator: ", ")), got '\(mechanism.text)'")
            }
            security.saslMechanism = upper
        }
        if let username = source.value("kafka.security.saslUsername") {
            guard !username.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SettingsError(.invalid, origin: username.origin, key: "kafka.security.saslUsername", problem: "the user name is empty")
            }
            security.saslUsername = username.text
        }
        let password = try source.secret("kafka.security.saslPassword")
        security.saslPassword = password?.text
        if let password { warnAbout(secret: password, key: "kafka.security.saslPassword", source: source, warnings: &warnings) }

        if security.usesSASL {
            guard let mechanism = security.saslMechanism else {
                throw SettingsError(
                    .missing, origin: "", key: "kafka.security.saslMechanism",
                    problem: "kafka.security.protocol is \(transport.rawValue) (\(protocolOrigin)): SASL needs a mechanism (\(mechanisms.joined(separator: ", ")))")
            }
            guard security.saslUsername != nil else {
                throw SettingsError(
                    .missing, origin: "", key: "kafka.security.saslUsername",
                    problem: "kafka.security.protocol is \(transport.rawValue) (\(protocolOrigin)): SASL needs a user name (ONEPOINT_KAFKA_SECURITY_SASL_USERNAME)")
            }
            guard security.saslPassword != nil else {
                throw SettingsError(
                    .missing, origin: "", key: "kafka.security.saslPassword",
                    problem: "kafka.security.protocol is \(transport.rawValue) (\(protocolOrigin)): SASL needs a password; set kafka.security.saslPasswordFile (ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD_FILE) to a file that holds it, or ONEPOINT_KAFKA_SECURITY_SASL_PASSWORD")
            }
            if mechanism == "PLAIN", transport == .saslPlaintext {
                throw SettingsError(
                    .invalid, origin: source.value("kafka.security.saslMechanism")?.origin ?? "", key: "kafka.security.saslMechanism",
                    problem: "PLAIN sends the password as it is: use it only over TLS (kafka.security.protocol sasl_ssl), or use SCRAM-SHA-512")
            }
        } else if security.saslMechanism != nil || security.saslUsername != nil || security.saslPassword != nil {
            let keys = [
                security.saslMechanism != nil ? "saslMechanism" : nil, security.saslUsername != nil ? "saslUsername" : nil,
                security.saslPassword != nil ? "saslPassword" : nil,
            ].compactMap { $0 }.map { "kafka.security.\($0)" }
            warnings.append(
                "\(keys.joined(separator: ", ")) set but kafka.security.protocol is \(transport.rawValue) (\(protocolOrigin)): not used; SASL needs sasl_ssl or sasl_plaintext")
        }

        // TLS
        for (key, keyPath) in [
            ("kafka.security.sslCaLocation", \KafkaSecurity.sslCALocation),
            ("kafka.security.sslCertificateLocation", \KafkaSecurity.sslCertificateLocation),
            ("kafka.security.sslKeyLocation", \KafkaSecurity.sslKeyLocation),
        ] {
            guard let value = source.value(key) else { continue }
            let path = value.text.trimmingCharacters(in: .whitespaces)
            try SettingsSource.checkReadable(path, origin: value.origin, key: key)
            security[keyPath: keyPath] = path
        }
        let keyPassword = try source.secret("kafka.security.sslKeyPassword")
        security.sslKeyPassword = keyPassword?.text
        if let keyPassword { warnAbout(secret: keyPassword, key: "kafka.security.sslKeyPassword", source: source, warnings: &warnings) }
        if let keyPath = security.sslKeyLocation {
            warnAbout(fileAt: keyPath, key: "kafka.security.sslKeyLocation", origin: source.value("kafka.security.sslKeyLocation")?.origin ?? "", warnings: &warnings)
        }

        switch (security.sslCertificateLocation, security.sslKeyLocation) {
        case (.some, nil):
            throw SettingsError(
                .missing, origin: "", key: "kafka.security.sslKeyLocation",
                problem: "kafka.security.sslCertificateLocation is set (\(source.value("kafka.security.sslCertificateLocation")?.origin ?? "")): a client certificate needs its private key")
        case (nil, .some):
            throw SettingsError(
                .missing, origin: "", key: "kafka.security.sslCertificateLocation",
                problem: "kafka.security.sslKeyLocation is set (\(source.value("kafka.security.sslKeyLocation")?.origin ?? "")): a client key needs its certificate")
        default:
            break
        }
        if security.sslKeyPassword != nil, security.sslKeyLocation == nil {
            throw SettingsError(
                .invalid, origin: keyPassword?.origin ?? "", key: "kafka.security.sslKeyPassword",
                problem: "a key password without kafka.security.sslKeyLocation: set the client key it unlocks, or remove the password")
        }
        if !security.usesTLS, security.sslCALocation != nil || security.sslCertificateLocation != nil || security.sslKeyLocation != nil {
            warnings.append("kafka.security.ssl* files set but kafka.security.protocol is \(transport.rawValue) (\(protocolOrigin)): not used; TLS needs ssl or sasl_ssl")
        }
        return security
    }

    /// A secret written in the YAML file itself, or a secret file other users can read.
    private static func warnAbout(secret: SettingsSource.Value, key: String, source: SettingsSource, warnings: inout [String]) {
        if let file = secret.file {
            warnAbout(fileAt: file, key: key + "File", origin: source.value(key + "File")?.origin ?? "", warnings: &warnings)
        } else if secret.layer == .file {
            warnings.append("\(key) is written in \(secret.origin): anyone who can read that file has the secret; prefer \(key)File (or \(SettingsSource.environmentName(of: key + "File"))) naming a file only this user can read")
        }
    }

    /// A file holding a secret that every user can read, or that others can write.
    private static func warnAbout(fileAt path: String, key: String, origin: String, warnings: inout [String]) {
        guard let mode = SettingsSource.permissions(of: path), mode & 0o026 != 0 || mode & 0o004 != 0 else { return }
        warnings.append("\(key) (\(origin)): \(path) can be read or written by other users (mode \(String(mode & 0o777, radix: 8))); make it the owner's alone (chmod 600 \(path))")
    }
}
