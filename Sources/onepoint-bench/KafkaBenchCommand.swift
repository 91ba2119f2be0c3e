import ArgumentParser
import Foundation
import Logging
import OnePointKafka

/// `onepoint-bench kafka`: the Kafka layer against raw librdkafka on one embedded cluster, in one run.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce throughput, pipe throughput and pipe latency: Swift layer vs raw librdkafka.")

    @Option(help: "Records per throughput run.") var count = 100_000
    @Option(help: "Record size in bytes.") var size = 200
    @Option(help: "Fixed rate of the latency runs, records per second.") var rate = 5_000.0
    @Option(help: "Seconds of each latency run.") var latencySeconds = 5.0
    @Option(help: "Runs of each measurement; the median is reported.") var runs = 3
    @Option(help: "Brokers in the embedded cluster.") var brokers = 3
    @Option(help: "Partitions of each benchmark topic.") var partitions = 12

    func run() async throws {
        let bench = try BenchCluster(brokers: brokers, partitions: partitions)
        let (logger, bootstrap) = (bench.logger, bench.bootstrap)
        let newTopic = bench.newTopic
        BenchReport.header("Kafka layer vs raw librdkafka", details: "embedded cluster of \(brokers) brokers, \(partitions) partitions per topic, \(size)-byte records, median of \(runs) runs")

        // 1. Produce throughput.
        var rawProduce: [RunFigures] = []
        var swiftProduce: [RunFigures] = []
        for _ in 0..<runs {
            rawProduce.append(try await Baseline.produce(bootstrap: bootstrap, topic: try newTopic("produce-raw"), count: count, size: size, rate: 0))
            swiftProduce.append(try await SwiftPipe.produce(bootstrap: bootstrap, topic: try newTopic("produce-swift"), count: count, size: size, logger: logger))
        }
        BenchReport.throughput("produce \(count) records", raw: rawProduce, swift: swiftProduce)

        // 2. Pipe throughput: a filled input topic, each pipe forwards all of it.
        var rawPipe: [RunFigures] = []
        var swiftPipe: [RunFigures] = []
        for run in 0..<runs {
            let input = try newTopic("pipe-in")
            _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: count, size: size, rate: 0)
            rawPipe.append(try await Baseline.pipe(bootstrap: bootstrap, from: input, to: try newTopic("pipe-out-raw"), group: "raw-\(run)", count: count, timeout: 120))
            swiftPipe.append(try await SwiftPipe.pipe(bootstrap: bootstrap, from: input, to: try newTopic("pipe-out-swift"), group: "swift-\(run)", count: count, timeout: 120, logger: logger))
        }
        BenchReport.throughput("consume→produce pipe, \(count) records", raw: rawPipe, swift: swiftPipe)

        // 3. Pipe latency at a fixed rate: load → pipe → sink, measured from the load's stamp.
        // One second of warm-up records goes first and is left out of the figures (a new pipe's
        // producer needs about a second to reach the leaders of its output topic).
        let warmup = Int(rate)
        let latencyCount = Int(rate * latencySeconds) + warmup
        var rawLatency: [RunFigures] = []
        var swiftLatency: [RunFigures] = []
        for run in 0..<runs {
            for useSwift in [false, true] {
                let input = try newTopic("latency-in")
                let output = try newTopic("latency-out")
                let group = "\(useSwift ? "swift" : "raw")-latency-\(run)"
                let pipeReady = ReadyFlag()
                let sinkReady = ReadyFlag()
                async let pipe: RunFigures = useSwift
                    ? SwiftPipe.pipe(bootstrap: bootstrap, from: input, to: output, group: group, count: latencyCount, timeout: latencySeconds + 60, ready: pipeReady, logger: logger)
                    : Baseline.pipe(bootstrap: bootstrap, from: input, to: output, group: group, count: latencyCount, timeout: latencySeconds + 60, ready: pipeReady)
                async let sink = Baseline.sink(bootstrap: bootstrap, topic: output, count: latencyCount, warmup: warmup, timeout: latencySeconds + 60, ready: sinkReady)
                // The load starts once the pipe holds its partitions and the sink is fetching.
                try await pipeReady.wait(timeout: .seconds(30))
                try await sinkReady.wait(timeout: .seconds(30))
                try await Task.sleep(for: .milliseconds(500))
                _ = try await Baseline.produce(bootstrap: bootstrap, topic: input, count: latencyCount, size: size, rate: rate)
                _ = try await pipe
                let figures = try await sink
                if useSwift { swiftLatency.append(figures) } else { rawLatency.append(figures) }
            }
        }
        BenchReport.latency("pipe latency at \(Int(rate)) records/s for \(latencySeconds) s after a 1 s warm-up", raw: rawLatency, swift: swiftLatency)
        bench.close()
    }
}
