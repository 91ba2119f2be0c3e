import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointProvisioning

/// `onepoint order submit|show|play`: the response centre's view of provisioning orders.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Submit a service order, show where it stands, or play every unit's part in a demo.",
        subcommands: [Submit.self, Show.self, Play.self])

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit the service order in FILE (the payload of ServiceOrderCreateEvent, docs/events.md).",
            discussion: "The order is checked against its schema and the topology first; every problem is listed and nothing is sent. See config/examples/order-cross-province.json.")

        @Argument(help: "The order (JSON).") var file: String
        @Option(help: "Submit under this order id instead of the file's (to submit a sample again).") var id: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let domain = try DomainConfiguration.load(directory: cluster.configDirectory)
            var order = try EventPublisher.payload(.serviceOrderCreate, as: ServiceOrder.self, file: file, topology: domain.topology)
            if let id { order.id = id }
            let record = try EventPublisher.record(
                .serviceOrderCreate, order, source: EventSource(unit: order.initiatingUnit, worker: "onepoint-cli"), topology: domain.topology)
            try await EventPublisher(cluster: cluster).publish([record])
            print("submitted \(order.id) (\(order.customer.level), \(order.accessPoints.count) access points, initiated by \(order.initiatingUnit))")
            print("follow it: onepoint order show \(order.id)   or   onepoint tail --key \(order.id)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an order: its legs and their stages, the deadline and the working time left.",
            discussion: "Reads the provisioning worker's state (<state-dir>/provisioning/state.sqlite) read-only. Without ID, lists the orders.")

        @Argument(help: "The order id.") var id: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let statePaths = try cluster.statePaths(of: .provisioning)
            guard let id else {
                for order in try OrderStatus.orderIDs(statePaths: statePaths) { print(order) }
                return
            }
            let domain = try DomainConfiguration.load(directory: cluster.configDirectory)
            guard let status = try OrderStatus.load(statePaths: statePaths, orderId: id, configuration: domain, now: Date()) else {
                throw ValidationError("the provisioning worker has no order \(id) (never submitted, or rejected: onepoint tail --key \(id))")
            }
            print(try OrderCommand.render(status, workingDay: domain.clock.seconds(in: .workingHalfDays(2)), timeZone: domain.calendar.timeZone))
        }
    }

    struct Play: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Demo: play every unit's part of an order (stages, tests, acceptance) until it completes.",
            discussion: "Each step is sent as the unit would send it, then the worker's answer is awaited. Watch it with onepoint tail in another terminal.")

        @Argument(help: "The order id.") var id: String
        @Option(help: "Seconds between steps.") var pause: Double = 1
        @Option(
            help: "Stop once at least this many steps are sent and applied (the round that reaches it is finished), leaving the order part-way; play again to go on.")
        var steps: Int?
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
            if !pause.isFinite || pause < 0 { throw ValidationError("--pause must be a number of seconds, 0 or more (got \(pause))") }
        }

        func run() async throws {
            let statePaths = try cluster.statePaths(of: .provisioning)
            let domain = try DomainConfiguration.load(directory: cluster.configDirectory)
            let publisher = EventPublisher(cluster: cluster)
            var sent = 0
            while true {
                guard let status = try OrderStatus.load(statePaths: statePaths, orderId: id, configuration: domain, now: Date()) else {
                    throw ValidationError("the provisioning worker has no order \(id) yet; submit it first (onepoint order submit)")
                }
                if status.state == .completed {
                    print("\(id) completed after \(sent) steps")
                    return
                }
                let steps = try OrderDemo.nextSteps(status, topology: domain.topology)
                guard !steps.isEmpty else { throw ValidationError("\(id) is \(status.state) in \(status.stage); nothing to play") }
                for step in steps { print("  \(step.unit): \(step.description)") }
                try await publisher.publish(steps.map(\.record))
                sent += steps.count
                try await OrderCommand.waitForChange(of: status, subjects: Set(steps.map(\.subject)), statePaths: statePaths, domain: domain)
                if let limit = self.steps, sent >= limit {
                    print("\(id) stopped after \(sent) steps (--steps \(limit)); play it again to go on")
                    return
                }
                try await Task.sleep(for: .seconds(pause))
            }
        }
    }

    /// Waits until every subject just stepped (a work order, or the order) has moved (30 s at most).
    static func waitForChange(of status: OrderStatus, subjects: Set<String>, statePaths: [String], domain: DomainConfiguration) async throws {
        func fingerprints(_ status: OrderStatus) -> [String: String] {
            var result = [status.orderId: "\(status.state) \(status.stage) \(status.endToEndReportId ?? "")"]
            for leg in status.legs { result[leg.workOrderId] = "\(leg.stage) \(leg.localReportId ?? "") \(leg.inspected) \(leg.accepted)" }
            return result
        }
        let before = fingerprints(status)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            if let now = try OrderStatus.load(statePaths: statePaths, orderId: status.orderId, configuration: domain, now: Date()) {
                let after = fingerprints(now)
                if subjects.allSatisfy({ before[$0] != after[$0] }) { return }
            }
        }
        throw ValidationError("the provisioning worker did not move \(status.orderId) within 30 s; see onepoint tail dead-letters --from-beginning")
    }

    /// The order for people, instants on the wall clock of `timeZone` (`calendar.yaml`'s).
    static func render(_ status: OrderStatus, workingDay: Int, timeZone: TimeZone) -> String {
        let time = ISO8601DateFormatter()
        time.timeZone = timeZone
        time.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        var lines = [
            "\(status.orderId)  \(status.state)  stage \(status.stage) (\(status.stage.chineseName))",
            "  customer      \(status.customer.name) (\(status.customer.id), \(status.customer.level))",
            "  service       \(status.serviceType.rawValue), \(status.scope)",
            "  coordinator   \(status.coordinator); end-to-end report by \(status.endToEndReporter)",
            "  limit         \(status.limit) from \(time.string(from: status.dispatchedAt))",
            "  deadline      \(time.string(from: status.deadline))"
                + (status.provisionalNote.map { " (\($0))" } ?? ""),
        ]
        if let remaining = status.remainingWorkingSeconds {
            lines.append("  time left     \(OrderStatus.describe(workingSeconds: remaining, workingDay: workingDay))\(remaining < 0 ? " (overdue)" : "")")
        } else if let done = status.endToEndCompletedAt {
            lines.append("  clock stopped end-to-end completion \(time.string(from: done)) (\(done <= status.deadline ? "on time" : "late"))")
        } else if status.legs.contains(where: \.clockStopped) {
            lines.append("  clock         stopped (customer cause); the deadline moves when it restarts")
        }
        if status.overdueOccurrences > 0 { lines.append("  overdue       \(status.overdueOccurrences) occurrence(s)") }
        if status.acceptanceFailures > 0 { lines.append("  acceptance    \(status.acceptanceFailures) failed preliminary acceptance(s)") }
        lines.append("  legs:")
        for leg in status.legs {
            let extra = [leg.clockStopped ? "clock stopped" : nil, leg.localReportId.map { "local test \($0)" }].compactMap { $0 }
            lines.append(
                "    \(leg.unit.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(leg.role.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)) \(leg.stage)"
                    + (extra.isEmpty ? "" : "  (\(extra.joined(separator: ", ")))"))
        }
        return lines.joined(separator: "\n")
    }
}
