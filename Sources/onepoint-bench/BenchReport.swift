import Foundation

/// Prints benchmark figures as aligned lines, ready to paste into docs/performance.md.
enum BenchReport {
    static func header(_ title: String, details: String) {
        print("== \(title)")
        print("   \(details)")
        print("   machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB; \(Date().formatted(.iso8601))")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[sorted.count / 2]
    }

    /// `p50 … ms   p99 … ms   max … ms` of latencies in milliseconds sorted ascending, each
    /// written with `digits` decimals; `nil` when there are none.
    static func percentiles(_ sorted: [Double], digits: Int) -> String? {
        guard let max = sorted.last, let p50 = percentile(sorted, 0.5), let p99 = percentile(sorted, 0.99) else { return nil }
        let written = { (value: Double) in String(format: "%.\(digits)f", value) }
        return "p50 \(written(p50)) ms   p99 \(written(p99)) ms   max \(written(max)) ms"
    }

    /// The value at quantile `q` of `sorted` (ascending), `nil` when it is empty.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    static func throughput(_ name: String, raw: [RunFigures], swift: [RunFigures], swiftLabel: String = "OnePoint Swift", rawLabel: String = "raw librdkafka") {
        let rawRate = median(raw.map(\.rate))
        let swiftRate = median(swift.map(\.rate))
        print("-- \(name)")
        print("   \(rawLabel.padding(toLength: 14, withPad: " ", startingAt: 0))  \(format(rawRate)) msg/s   runs: \(raw.map { format($0.rate) }.joined(separator: ", "))")
        print("   \(swiftLabel.padding(toLength: 14, withPad: " ", startingAt: 0))  \(format(swiftRate)) msg/s   runs: \(swift.map { format($0.rate) }.joined(separator: ", "))")
        print("   \(swiftLabel) / \(rawLabel): \(rawRate > 0 ? String(format: "%.0f %%", swiftRate / rawRate * 100) : "n/a")")
    }

    static func latency(_ name: String, raw: [RunFigures], swift: [RunFigures]) {
        latency(name, rows: [("raw librdkafka", raw), ("OnePoint Swift", swift)])
    }

    static func latency(_ name: String, rows: [(String, [RunFigures])]) {
        print("-- \(name)")
        for (label, runs) in rows {
            let p50 = median(runs.compactMap(\.p50))
            let p99 = median(runs.compactMap(\.p99))
            print("   \(label.padding(toLength: 20, withPad: " ", startingAt: 0))  p50 \(String(format: "%.2f", p50)) ms   p99 \(String(format: "%.2f", p99)) ms   (\(runs.map { "\($0.messages) msgs" }.joined(separator: ", ")))")
        }
    }

    static func format(_ rate: Double) -> String {
        let rounded = Int(rate.rounded())
        return rounded.formatted(.number.grouping(.automatic)).padding(toLength: 9, withPad: " ", startingAt: 0)
    }
}
