import Foundation
import OnePointTestSupport
import Testing

/// librdkafka 2.0.2's mock cluster has no TLS, so the TLS half of the transport settings is checked
/// against `openssl s_server`, which asks for a client certificate: the real `onepoint` CLI, given
/// only `ONEPOINT_KAFKA_SECURITY_*` settings (CA, client certificate, encrypted key and its password
/// from a file), must complete the handshake, verify the server by the CA, and present its
/// certificate. What follows the handshake (Kafka's protocol, SASL) the server cannot answer, so
/// the command fails after it; that part is the compose stack's manual check
/// (`docs/security-transport.md`). `scripts/ensure-deps.sh` installs `openssl`; skipped only where it is missing.
/// The openssl executable, if installed.
private let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("The CLI's TLS settings reach a real TLS handshake", .serialized, .enabled(if: opensslPath != nil, "openssl is not installed"))
struct TLSHandshakeTests {
    static var openssl: String? { opensslPath }

    /// Runs openssl with `arguments` in `folder`.
    func openssl(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.openssl))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }

    /// A CA, a server certificate for 127.0.0.1 and a client certificate CN=onepoint-fault whose
    /// key is encrypted with the password in `client.key-password`.
    func makeCertificates(in folder: String, keyPassword: String) throws {
        try openssl(["req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2", "-subj", "/CN=Test CA", "-keyout", "ca.key", "-out", "ca.pem"], in: folder)
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
        try openssl(["req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"], in: folder)
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem"], in: folder)
        try openssl(["req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj", "/O=OnePoint/CN=onepoint-fault", "-keyout", "client.plain.key", "-out", "client.csr"], in: folder)
        try openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "client.pem"], in: folder)
        try Data(keyPassword.utf8).write(to: URL(fileURLWithPath: folder + "/client.key-password"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/client.key-password")
        try openssl(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "client.plain.key", "-passout", "file:client.key-password", "-out", "client.key"], in: folder)
        try FileManager.default.removeItem(atPath: folder + "/client.plain.key")
    }

    @Test("ssl with a client certificate: the server verifies the CLI's certificate (mTLS), the key password never leaves")
    func mutualTLS() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keyPassword = "k3y-\(UUID().uuidString.prefix(8))"
        try makeCertificates(in: folder, keyPassword: keyPassword)

        let port = Int.random(in: 30_000...60_000)
        let serverLog = folder + "/server.log"
        _ = FileManager.default.createFile(atPath: serverLog, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try #require(Self.openssl))
        server.arguments = [
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", folder + "/server.pem", "-key", folder + "/server.key",
            "-CAfile", folder + "/ca.pem", "-Verify", "2", "-verify_return_error",
        ]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: serverLog))
        server.standardOutput = handle
        server.standardError = handle
        server.standardInput = Pipe()  // s_server reads commands from standard input; keep it open
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }
        func serverOutput() -> String { (try? String(contentsOfFile: serverLog, encoding: .utf8)) ?? "" }
        func waitForServer(_ text: String, timeout: Duration) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if serverOutput().contains(text) { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        try #require(await waitForServer("ACCEPT", timeout: .seconds(20)), "s_server started: \(serverOutput())")

        let cli = try LoggedProcess(
            "onepoint", ["topics", "create", "--bootstrap-servers", "127.0.0.1:\(port)", "--wait-seconds", "3"],
            log: folder + "/cli.log",
            environment: [
                "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "ssl",
                "ONEPOINT_KAFKA_SECURITY_SSL_CA_LOCATION": folder + "/ca.pem",
                "ONEPOINT_KAFKA_SECURITY_SSL_CERTIFICATE_LOCATION": folder + "/client.pem",
                "ONEPOINT_KAFKA_SECURITY_SSL_KEY_LOCATION": folder + "/client.key",
                "ONEPOINT_KAFKA_SECURITY_SSL_KEY_PASSWORD_FILE": folder + "/client.key-password",
            ])
        defer { cli.kill9() }
        let handshake = await waitForServer("onepoint-fault", timeout: .seconds(60))
        #expect(handshake, "the server saw the CLI's client certificate:\nserver:\n\(serverOutput())\ncli:\n\(cli.output)")
        #expect(serverOutput().contains("verify return:1"), "\(serverOutput())")
        _ = await cli.exited(within: .seconds(90))
        #expect(!cli.output.contains(keyPassword) && !serverOutput().contains(keyPassword), "the key password shows nowhere")
    }

    @Test("a wrong key password: the CLI refuses before connecting, naming the key file, never the password")
    func wrongKeyPassword() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try makeCertificates(in: folder, keyPassword: "right-password")
        let wrong = "wr0ng-\(UUID().uuidString.prefix(8))"
        try Data(wrong.utf8).write(to: URL(fileURLWithPath: folder + "/wrong-password"))
        let cli = try LoggedProcess(
            "onepoint", ["topics", "create", "--bootstrap-servers", "127.0.0.1:9", "--wait-seconds", "1"],
            log: folder + "/cli.log",
            environment: [
                "ONEPOINT_KAFKA_SECURITY_PROTOCOL": "ssl",
                "ONEPOINT_KAFKA_SECURITY_SSL_CA_LOCATION": folder + "/ca.pem",
                "ONEPOINT_KAFKA_SECURITY_SSL_CERTIFICATE_LOCATION": folder + "/client.pem",
                "ONEPOINT_KAFKA_SECURITY_SSL_KEY_LOCATION": folder + "/client.key",
                "ONEPOINT_KAFKA_SECURITY_SSL_KEY_PASSWORD_FILE": folder + "/wrong-password",
            ])
        defer { cli.kill9() }
        #expect(await cli.exited(within: .seconds(60)))
        #expect(cli.process.terminationStatus != 0)
        #expect(cli.output.contains("ssl.key"), "librdkafka names the key it could not use:\n\(cli.output)")
        #expect(!cli.output.contains(wrong), "\(cli.output)")
    }
}
