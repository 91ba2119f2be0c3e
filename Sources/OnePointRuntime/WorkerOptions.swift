import ArgumentParser

/// The command-line flags every worker executable takes. Each overrides the key named in its help,
/// which can also be set in the config file or the environment (`docs/configuration.md`).
public struct WorkerOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "The settings file.")
    public var config: String = "config/onepoint.yaml"

    @Option(name: .long, help: "Kafka bootstrap servers, host:port[,host:port] (kafka.bootstrapServers).")
    public var bootstrapServers: String?

    @Option(name: .long, help: "The folder for SQLite state (state.directory).")
    public var stateDir: String?

    @Option(name: .long, help: "Port of /health, /ready and /metrics; 0 picks a free one (http.port).")
    public var httpPort: Int?

    @Option(name: .long, help: "system or accelerated (clock.mode).")
    public var clock: String?

    @Option(name: .long, help: "Start instant of an accelerated clock, ISO-8601 with offset (clock.start).")
    public var clockStart: String?

    @Option(name: .long, help: "Speed of an accelerated clock: 3600 runs an hour a second (clock.factor).")
    public var clockFactor: Double?

    @Option(name: .long, help: "The real instant an accelerated clock shows clock.start, ISO-8601 with offset; default: when the worker starts (clock.origin).")
    public var clockOrigin: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (log.level).")
    public var logLevel: String?

    /// Tie the worker's life to its standard input (``ParentLifeline``); `onepoint dev` sets it.
    @Flag(name: .long, help: "Stop when standard input reaches end of file: the process that started this worker (`onepoint dev`) has gone. Not a setting.")
    public var exitWithParent = false

    public init() {}

    /// The flags given, as settings keys.
    public var settings: [String: (value: String, flag: String)] {
        var result: [String: (value: String, flag: String)] = [:]
        if let bootstrapServers { result["kafka.bootstrapServers"] = (bootstrapServers, "--bootstrap-servers") }
        if let stateDir { result["state.directory"] = (stateDir, "--state-dir") }
        if let httpPort { result["http.port"] = (String(httpPort), "--http-port") }
        if let clock { result["clock.mode"] = (clock, "--clock") }
        if let clockStart { result["clock.start"] = (clockStart, "--clock-start") }
        if let clockFactor { result["clock.factor"] = (String(clockFactor), "--clock-factor") }
        if let clockOrigin { result["clock.origin"] = (clockOrigin, "--clock-origin") }
        if let logLevel { result["log.level"] = (logLevel, "--log-level") }
        return result
    }
}
