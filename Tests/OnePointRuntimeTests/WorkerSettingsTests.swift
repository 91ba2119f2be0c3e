import Foundation
import OnePointContracts
import OnePointRuntime
import Testing

@Suite("Worker settings: flags over environment over file; errors name origin and key")
struct WorkerSettingsTests {
    func writeFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onepoint-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the shipped config/onepoint.yaml loads with a bootstrap from the environment")
    func shippedFile() async throws {
        let source = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092"], file: "config/onepoint.yaml")
        let settings = try WorkerSettings.load(worker: .fault, from: source)
        #expect(settings.kafka.bootstrapServers == "127.0.0.1:9092")
        #expect(settings.httpPort == 9102)
        #expect(settings.name(of: .alarms) == "onepoint.alarms")
        #expect(settings.synchronous == .full)
        #expect(settings.workerStateDirectory == "var/fault")
    }

    @Test("kafka.unreachableAfter: 30 s by default, set by the environment, at least 1 s")
    func unreachableAfter() async throws {
        let plain = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1"], file: nil)
        #expect(try WorkerSettings.load(worker: .fault, from: plain).unreachableAfter == .seconds(30))
        let set = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_KAFKA_UNREACHABLE_AFTER": "2m"], file: nil)
        #expect(try WorkerSettings.load(worker: .fault, from: set).unreachableAfter == .seconds(120))
        let short = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_KAFKA_UNREACHABLE_AFTER": "500ms"], file: nil)
        let error = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: short) }
        #expect(error?.key == "kafka.unreachableAfter")
        #expect(error?.origin == "environment variable ONEPOINT_KAFKA_UNREACHABLE_AFTER")
    }

    @Test("a flag beats the environment, which beats the file")
    func layering() async throws {
        let file = try writeFile("kafka:\n  bootstrapServers: file:1\nhttp:\n  port: 1111\nlog:\n  level: debug\n")
        let source = try await SettingsSource(
            flags: ["http.port": ("3333", "--http-port")],
            environment: ["ONEPOINT_HTTP_PORT": "2222", "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "env:2"],
            file: file)
        let settings = try WorkerSettings.load(worker: .cutover, from: source)
        #expect(settings.httpPort == 3333)
        #expect(settings.kafka.bootstrapServers == "env:2")
        #expect(settings.logLevel == .debug)
    }

    @Test("a wrong value names where it came from, the key and what is wrong")
    func invalidValues() async throws {
        let file = try writeFile("kafka:\n  bootstrapServers: localhost:9092\nstate:\n  synchronous: sometimes\n")
        let fromFile = try await SettingsSource(environment: [:], file: file)
        let fileError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: fromFile) }
        #expect(fileError?.origin == file)
        #expect(fileError?.key == "state.synchronous")
        #expect(fileError?.description.contains("expected one of full, normal, got 'sometimes'") == true)

        let fromEnvironment = try await SettingsSource(environment: ["ONEPOINT_HTTP_PORT": "ninety", "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1"], file: nil)
        let environmentError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: fromEnvironment) }
        #expect(environmentError?.description == "environment variable ONEPOINT_HTTP_PORT: http.port: expected a whole number from 0 to 65535, got 'ninety'")

        let badBootstrap = try await SettingsSource(flags: ["kafka.bootstrapServers": ("nohost", "--bootstrap-servers")], environment: [:], file: nil)
        let bootstrapError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: badBootstrap) }
        #expect(bootstrapError?.origin == "flag --bootstrap-servers")

        let accelerated = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_CLOCK_MODE": "accelerated"], file: nil)
        let clockError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: accelerated) }
        #expect(clockError?.key == "clock.start")

        let topic = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_TOPICS_ALARMS_NAME": "bad topic"], file: nil)
        let topicError = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: topic) }
        #expect(topicError?.key == "topics.alarms.name")
    }

    @Test("runtime settings come from the file and are checked")
    func runtimeSettings() async throws {
        let source = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_MAX_BATCH_SIZE": "250"], file: "config/onepoint.yaml")
        let settings = try WorkerSettings.load(worker: .provisioning, from: source)
        #expect(settings.runtime.maxBatchSize == 250)
        #expect(settings.runtime.inboxRetention == .seconds(7 * 24 * 3600))
        let runtime = settings.runtimeConfiguration(settings.runtime)
        #expect(runtime.inputTopics.contains("onepoint.service-orders"))
        #expect(runtime.deadLetterTopic == "onepoint.dead-letters")
        #expect(runtime.statePath == "var/provisioning/state.sqlite")
        #expect(runtime.deliveryTimeout == .seconds(60) && runtime.stateBusyTimeout == .seconds(10) && runtime.stateSizeLimit == nil, "the file's defaults")
        #expect(runtime.consumerPrefetch == 64 * 1_048_576, "the file's default prefetch")
        let defaults = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1"], file: "config/onepoint.yaml")
        #expect(try WorkerSettings.load(worker: .fault, from: defaults).runtime.maxBatchSize == 10_000, "the file's batch size")
        let noFile = try await SettingsSource(environment: [:], file: nil)
        #expect(try RuntimeSettings.load(from: noFile).maxBatchSize == 10_000, "the same without a file")
        let prefetch = try await SettingsSource(
            environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_CONSUMER_PREFETCH": "16777216"], file: "config/onepoint.yaml")
        let smaller = try WorkerSettings.load(worker: .fault, from: prefetch)
        #expect(smaller.runtimeConfiguration(smaller.runtime).consumerPrefetch == 16 * 1_048_576)
        let tiny = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_CONSUMER_PREFETCH": "4096"], file: nil)
        let tooSmall = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: tiny) }
        #expect(tooSmall?.key == "runtime.consumerPrefetch")

        let state = try await SettingsSource(
            environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_STATE_SIZE_LIMIT": "1048576", "ONEPOINT_RUNTIME_DELIVERY_TIMEOUT": "5s"],
            file: "config/onepoint.yaml")
        let limited = try WorkerSettings.load(worker: .fault, from: state)
        #expect(limited.runtimeConfiguration(limited.runtime).stateSizeLimit == 1_048_576)
        #expect(limited.runtimeConfiguration(limited.runtime).deliveryTimeout == .seconds(5))

        let changelog = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_CHANGELOG": "true"], file: "config/onepoint.yaml")
        let standby = try WorkerSettings.load(worker: .fault, from: changelog)
        let standbyRuntime = standby.runtimeConfiguration(standby.runtime)
        #expect(standbyRuntime.changelogTopic == "onepoint.fault.changelog" && standbyRuntime.tasks == .single)
        #expect(standbyRuntime.globalTopics.sorted() == ["onepoint.assurance-periods", "onepoint.inventory", "onepoint.planned-outages"], "the compacted inputs and assurance periods are global")
        #expect(runtime.changelogTopic == nil, "no changelog by default")
        let tasks = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_TASKS": "per-partition"], file: "config/onepoint.yaml")
        for worker in WorkerKind.allCases {
            let settings = try WorkerSettings.load(worker: worker, from: tasks)
            let runtime = settings.runtimeConfiguration(settings.runtime)
            #expect(runtime.tasks == .perPartition && runtime.changelogTopic == "onepoint.\(worker).changelog")
            #expect(runtime.statePath == "var/\(worker)/tasks")
            let repartition = worker.routesInputs ? "onepoint.\(worker).repartition" : nil
            #expect(runtime.repartitionTopic == repartition && (repartition.map(runtime.inputTopics.contains) ?? true), "\(worker)")
        }
        // Fault routes alarms by correlation domain, provisioning version 1 progress by its order id.
        #expect(WorkerKind.fault.internalTopics().repartition == "onepoint.fault.repartition")
        #expect(WorkerKind.provisioning.internalTopics().repartition == "onepoint.provisioning.repartition")
        let provisioning = try WorkerSettings.load(worker: .provisioning, from: tasks)
        let provisioningRuntime = provisioning.runtimeConfiguration(provisioning.runtime)
        #expect(provisioningRuntime.globalTopics.sorted() == ["onepoint.calendar", "onepoint.inventory"], "the compacted inputs are global")
        #expect(provisioningRuntime.inputTopics.sorted() == [
            "onepoint.presale-requests", "onepoint.provisioning.repartition", "onepoint.service-orders", "onepoint.test-reports", "onepoint.work-order-progress",
        ])
        // Cutover: co-partitioned by cutover id, nothing routed; assurance periods global, as for fault.
        let cutover = try WorkerSettings.load(worker: .cutover, from: tasks)
        let cutoverRuntime = cutover.runtimeConfiguration(cutover.runtime)
        #expect(cutoverRuntime.tasks == .perPartition && cutoverRuntime.changelogTopic == "onepoint.cutover.changelog" && cutoverRuntime.repartitionTopic == nil)
        #expect(cutoverRuntime.globalTopics.sorted() == ["onepoint.assurance-periods", "onepoint.calendar", "onepoint.inventory"])
        #expect(cutoverRuntime.inputTopics.sorted() == ["onepoint.cutover-feedback", "onepoint.cutover-plans"])
        // Reporting: every fact routed to task 0 through its repartition topic; the calendar global.
        let reporting = try WorkerSettings.load(worker: .reporting, from: tasks)
        let reportingRuntime = reporting.runtimeConfiguration(reporting.runtime)
        #expect(reportingRuntime.tasks == .perPartition && reportingRuntime.changelogTopic == "onepoint.reporting.changelog")
        #expect(reportingRuntime.repartitionTopic == "onepoint.reporting.repartition" && reportingRuntime.inputTopics.contains("onepoint.reporting.repartition"))
        #expect(reportingRuntime.globalTopics == ["onepoint.calendar"] && reportingRuntime.statePath == "var/reporting/tasks")

        let short = try await SettingsSource(environment: ["ONEPOINT_KAFKA_BOOTSTRAP_SERVERS": "h:1", "ONEPOINT_RUNTIME_SESSION_TIMEOUT": "2s"], file: nil)
        let error = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: short) }
        #expect(error?.key == "runtime.sessionTimeout")
        #expect(error?.origin == "environment variable ONEPOINT_RUNTIME_SESSION_TIMEOUT")
    }

    @Test("no bootstrap servers anywhere says how to set them")
    func missingBootstrap() async throws {
        let source = try await SettingsSource(environment: [:], file: nil)
        let error = #expect(throws: SettingsError.self) { try WorkerSettings.load(worker: .fault, from: source) }
        #expect(error?.code == .missing)
        #expect(error?.description.contains("ONEPOINT_KAFKA_BOOTSTRAP_SERVERS") == true)
    }

    @Test("a missing or malformed file is an error naming it")
    func unreadableFile() async throws {
        let missing = await #expect(throws: SettingsError.self) { try await SettingsSource(environment: [:], file: "/nonexistent/onepoint.yaml") }
        #expect(missing?.code == .unreadableFile)
        let malformed = try writeFile("kafka: [unclosed\n")
        let parse = await #expect(throws: SettingsError.self) { try await SettingsSource(environment: [:], file: malformed) }
        #expect(parse?.origin == malformed)
    }

    @Test("environment names follow the key: camelCase becomes snake case")
    func environmentNames() {
        #expect(SettingsSource.environmentName(of: "kafka.bootstrapServers") == "ONEPOINT_KAFKA_BOOTSTRAP_SERVERS")
        #expect(SettingsSource.environmentName(of: "topics.deadLetters.name") == "ONEPOINT_TOPICS_DEAD_LETTERS_NAME")
        #expect(Topic.deadLetters.configKey == "deadLetters")
    }

    @Test("durations parse with units; nonsense does not")
    func durations() {
        #expect(SettingsSource.parseDuration("250ms") == .milliseconds(250))
        #expect(SettingsSource.parseDuration("5s") == .seconds(5))
        #expect(SettingsSource.parseDuration("2h") == .seconds(7200))
        #expect(SettingsSource.parseDuration("soon") == nil)
        #expect(SettingsSource.parseDuration("-1s") == nil)
    }
}
