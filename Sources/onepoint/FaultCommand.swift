import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault

/// `onepoint fault report|inject`: customer fault reports (故障申告) and the demo's alarms.
struct FaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Report a customer's fault, or inject the demo's fibre-cut alarms.",
        subcommands: [Report.self, Inject.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a customer fault report (FaultReportCreateEvent on fault-reports).",
            discussion: """
                Give the report with flags, or as FILE: the JSON payload of a FaultReportCreateEvent \
                (docs/events.md). The fault worker opens a ticket, or joins the ticket that already \
                lists the circuit.
                """)

        @Argument(help: "A JSON file holding the report (instead of the flags).") var file: String?
        @Option(help: "The circuit reported.") var circuit: String?
        @Option(help: "The reporting customer's id.") var customer: String?
        @Option(help: "The unit that received the report.") var unit: String = "HQ"
        @Option(help: "phone, customerManager or portal.") var channel: String = "phone"
        @Option(help: "Who reported.") var by: String = "customer"
        @Option(help: "A number to call back.") var phone: String = "unknown"
        @Option(help: "What the customer says.") var description: String = "service down"
        @Option(help: "When the customer reported, ISO-8601 with offset (default: now on the workers' clock).") var at: String?
        @Option(help: "The report's id (default: FR-<time>-<random>).") var id: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let report: FaultReport
            let publisher: UnitPublisher
            if let file {
                let hq = try UnitPublisher(cluster: cluster)
                report = try EventPublisher.payload(.faultReportCreate, as: FaultReport.self, file: file, topology: hq.domain.topology)
                publisher = try hq.acting(for: report.unit)
            } else {
                guard let circuit, let customer else { throw ValidationError("give --circuit and --customer, or a FILE") }
                guard let channel = FaultReport.Channel(rawValue: channel) else {
                    throw ValidationError("--channel must be one of: \(FaultReport.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                publisher = try UnitPublisher(cluster: cluster, unit: UnitID(unit))
                report = FaultReport(
                    reportId: id ?? UnitPublisher.newID("FR"), circuitId: circuit, customerId: customer, unit: UnitID(unit), channel: channel,
                    reportedBy: Contact(name: by, phone: phone), reportedAt: try publisher.instant(at, "--at"), description: description)
            }
            try await publisher.publish([try publisher.record(.faultReportCreate, report)])
            print("reported \(report.reportId) on circuit \(report.circuitId)")
        }
    }

    struct Inject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Demo: publish the sample inventory and raise the sample fibre cut; clear it later and confirm.",
            discussion: """
                With `onepoint dev` running, raises a loss-of-signal alarm on the sample fibre \
                GD-FIBRE-GZSZ-01 and on each circuit it carries, stamped with the workers' clock; \
                waits --clear-after (workers' clock time), clears them, waits for the ticket to be \
                restored and confirms it as the customer. Watch with \
                `onepoint tail tickets notifications`. Times are the workers' clock: with \
                `onepoint dev --clock accelerated --clock-factor 600` two hours pass in 12 s \
                (dev writes the clock to <state-dir>/clock.json).
                """)

        @Argument(help: "The scenario: fibre-cut.") var scenario: String
        @Option(help: "The inventory to publish first.") var inventory: String = "config/inventory.sample.json"
        @Option(help: "The fibre section to cut.") var fibre: String = "GD-FIBRE-GZSZ-01"
        @Option(help: "Clear the alarms after this much of the workers' clock: 30m, 2h; 0 leaves them raised.") var clearAfter: String = "2h"
        @Flag(help: "Leave the restored ticket unconfirmed (it closes when the confirmation period runs out).") var noConfirm = false
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            guard scenario == "fibre-cut" else { throw ValidationError("unknown scenario '\(scenario)'; the one scenario is fibre-cut") }
        }

        func run() async throws {
            let clearAfterSeconds = try Self.seconds(clearAfter)
            let publisher = try UnitPublisher(cluster: cluster, unit: "GD")
            let clock = publisher.clock

            // 1. The inventory, so the fault worker can follow the fibre to circuits and customers.
            let file = try InventoryCommand.Load.read(inventory)
            guard let element = file.networkElements.first(where: { $0.id == fibre }) else {
                throw ValidationError("\(inventory) has no network element '\(fibre)'")
            }
            let records = try InventoryCommand.Load.records(file, source: publisher.source, topology: publisher.domain.topology, at: clock.now())
            try await publisher.publish(records)
            let reader = try await Self.waitFor("the fault worker to hold the inventory (is `onepoint dev` running?)") {
                let reader = try FaultStateReader(paths: try cluster.statePaths(of: .fault))
                return try reader.knowsElement(fibre) ? reader : nil
            }

            // 2. The cut: the fibre's alarm and each circuit's.
            let raised = clock.now()
            let objects = [Alarm.AlarmedObject(id: fibre, type: .fibre)] + element.circuitIds.map { Alarm.AlarmedObject(id: $0, type: .circuit) }
            func alarm(_ object: Alarm.AlarmedObject, _ state: Alarm.State, cleared: Date? = nil) -> Alarm {
                Alarm(
                    alarmId: "DEMO-\(object.id)-\(Int(raised.timeIntervalSince1970))", state: state, perceivedSeverity: state == .cleared ? .cleared : .critical,
                    alarmType: .communicationsAlarm, alarmedObject: object, probableCause: "lossOfSignal", specificProblem: object.type == .fibre ? "R_LOS" : "AIS",
                    alarmRaisedTime: raised, alarmClearedTime: cleared, reportingSystemId: "GD-OTN-NMS", alarmDetails: "demo: fibre cut")
            }
            try await publisher.publish(try objects.map { try publisher.record(.alarmCreate, alarm($0, .raised), at: raised) })
            let fibreKey = alarm(objects[0], .raised).reductionKey
            print("raised \(objects.count) alarms at \(publisher.format(raised)) (workers' clock): \(objects.map(\.id).joined(separator: ", "))")
            let ticket = try await Self.waitFor("the fault worker to open the ticket") { try reader.ticketID(ofAlarm: fibreKey) }
            print("ticket \(ticket) opened; follow it with `onepoint tail tickets notifications` or `onepoint ticket show \(ticket)`")
            guard clearAfterSeconds > 0 else { return }

            // 3. Restored after --clear-after, then confirmed.
            print("clearing after \(clearAfter) of the workers' clock (\(Self.realText(clock.realSeconds(Double(clearAfterSeconds)))) real time)…")
            try await Task.sleep(for: .milliseconds(Int(clock.realSeconds(Double(clearAfterSeconds)) * 1000)))
            let cleared = clock.now()
            try await publisher.publish(try objects.map { try publisher.record(.alarmClear, alarm($0, .cleared, cleared: cleared), at: cleared) })
            print("cleared at \(publisher.format(cleared)); the clear takes effect after the flapping hold-down (fault.yaml)")
            _ = try await Self.waitFor("the ticket to be restored", timeout: 60 + clock.realSeconds(3600)) {
                try reader.ticket(ticket, at: clock.now())?.ticket.status == .resolved ? true : nil
            }
            print("ticket \(ticket) restored")
            guard !noConfirm else { return }
            let customer = try reader.ticket(ticket, at: clock.now())?.ticket.customers.first?.customer.id ?? "customer"
            try await publisher.publish([
                try publisher.record(
                    .troubleTicketCommand, TicketCommand(ticketId: ticket, action: .confirm, unit: "GD", by: "customer \(customer)", at: clock.now()))
            ])
            _ = try await Self.waitFor("the ticket to close") { try reader.ticket(ticket, at: clock.now())?.ticket.status == .closed ? true : nil }
            print("ticket \(ticket) confirmed by the customer and closed")
        }

        /// Polls `probe` every 200 ms until it gives a value, or fails after `timeout` seconds.
        static func waitFor<T>(_ what: String, timeout: Double = 60, _ probe: () throws -> T?) async throws -> T {
            let deadline = Date().addingTimeInterval(timeout)
            var lastError: (any Error)?
            while Date() < deadline {
                do {
                    if let value = try probe() { return value }
                } catch {
                    lastError = error
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw ValidationError("gave up waiting for \(what) after \(Int(timeout)) s\(lastError.map { ": \($0)" } ?? "")")
        }

        /// `30s`, `10m`, `2h`, `1d`, `0` as seconds.
        static func seconds(_ text: String) throws -> Int {
            let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            if text == "0" { return 0 }
            guard let unit = text.last.flatMap({ units[$0] }), let value = Int(text.dropLast()), value >= 0 else {
                throw ValidationError("expected a duration such as 30m or 2h, got '\(text)'")
            }
            return value * unit
        }

        static func realText(_ seconds: Double) -> String {
            seconds < 120 ? "\(Int(seconds.rounded())) s" : "\(Int((seconds / 60).rounded())) min"
        }
    }
}
