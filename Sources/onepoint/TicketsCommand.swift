import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault

/// `onepoint ticket ack|note|confirm|close|show`: operators' actions on fault tickets, and a
/// look at one ticket in the fault worker's state.
struct TicketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Acknowledge, annotate, classify, confirm, close or show a fault ticket.",
        subcommands: [Ack.self, Note.self, Classify.self, Confirm.self, Close.self, Show.self])

    /// The flags every action takes.
    struct Actor: ParsableArguments {
        @Option(help: "Who acts.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(help: "The unit acting.") var unit: String = "HQ"
        @Option(help: "When, ISO-8601 with offset (default: now on the workers' clock).") var at: String?
    }

    static func send(
        _ ticket: String, _ action: TicketCommand.Action, note: String? = nil, cause: FaultCause? = nil, actor: Actor, cluster: ClusterOptions
    ) async throws {
        let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(actor.unit))
        let command = TicketCommand(
            ticketId: ticket, action: action, unit: UnitID(actor.unit), by: actor.by, at: try publisher.instant(actor.at, "--at"), note: note,
            cause: cause)
        try await publisher.publish([try publisher.record(.troubleTicketCommand, command)])
        print("\(action.rawValue) sent for \(ticket)")
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Take a ticket in hand (acknowledged → inProgress).")
        @Argument(help: "The ticket id.") var ticket: String
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions
        func run() async throws { try await TicketsCommand.send(ticket, .acknowledge, actor: actor, cluster: cluster) }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to a ticket.")
        @Argument(help: "The ticket id.") var ticket: String
        @Argument(help: "The note's text.") var text: String
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions
        func validate() throws {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the note is empty") }
        }
        func run() async throws { try await TicketsCommand.send(ticket, .note, note: text, actor: actor, cluster: cluster) }
    }

    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the fault's cause: only the operator's faults get a restoration verdict and count as repeated faults.")
        @Argument(help: "The ticket id.") var ticket: String
        @Option(help: "operatorEquipment, operatorLine, customerEquipment, customerPremisesOrPower, thirdParty or forceMajeure.") var cause: FaultCause
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions
        func run() async throws { try await TicketsCommand.send(ticket, .classify, cause: cause, actor: actor, cluster: cluster) }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm restoration (the customer or an operator): the ticket closes.")
        @Argument(help: "The ticket id.") var ticket: String
        @Option(help: "The fault's cause, recorded as with `classify`.") var cause: FaultCause?
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions
        func run() async throws { try await TicketsCommand.send(ticket, .confirm, cause: cause, actor: actor, cluster: cluster) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a restored ticket.")
        @Argument(help: "The ticket id.") var ticket: String
        @Option(help: "The fault's cause, recorded as with `classify`.") var cause: FaultCause?
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions
        func run() async throws { try await TicketsCommand.send(ticket, .close, cause: cause, actor: actor, cluster: cluster) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a ticket from the fault worker's state: children, clocks, alarms, history.",
            discussion: "Reads <state-dir>/fault/state.sqlite read-only. Without an id, lists the latest tickets.")
        @Argument(help: "The ticket id.") var ticket: String?
        @Option(help: "Elapsed and remaining time at this instant, ISO-8601 with offset (default: now on the workers' clock).") var at: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster)
            let paths = try cluster.statePaths(of: .fault)
            let reader: FaultStateReader
            do {
                reader = try FaultStateReader(paths: paths)
            } catch {
                throw ValidationError(error.message)
            }
            guard let ticket else {
                let ids = try reader.ticketIDs()
                if ids.isEmpty { print("no tickets") }
                for id in ids {
                    if let view = try reader.ticket(id, at: publisher.clock.now()) {
                        print("\(id)  \(view.ticket.status.rawValue)  \(view.ticket.unit)  \(view.ticket.description)")
                    }
                }
                return
            }
            let instant = try publisher.instant(at, "--at")
            guard let view = try reader.ticket(ticket, at: instant) else { throw ValidationError("no ticket '\(ticket)' in \(try cluster.stateDescription(of: .fault))") }
            print(Self.render(view, at: instant, publisher: publisher))
        }

        static func render(_ view: FaultStateReader.TicketView, at instant: Date, publisher: UnitPublisher) -> String {
            let t = view.ticket
            var lines: [String] = []
            lines.append("\(t.id)  \(t.status.rawValue)  unit \(t.unit)\(t.planned ? "  (planned outage overran)" : "")")
            lines.append("  \(t.description)")
            lines.append(
                "  started \(publisher.format(t.startedAt))   restored \(publisher.format(t.restoredAt))   closed \(publisher.format(t.closedAt))")
            lines.append("  escalation step \(t.escalationLevel)   reopened \(t.reopenCount) time\(t.reopenCount == 1 ? "" : "s")   clocks at \(publisher.format(instant))")
            lines.append(
                "  cause \(t.cause?.rawValue ?? "not recorded")   responsibility \(t.responsibility?.rawValue ?? "operator")"
                    + ((t.responsibility ?? .operator).isMeasured ? "" : " (no restoration verdict)"))
            lines.append("  customers (\(t.customers.count)):")
            for impact in t.customers {
                let clock = view.clocks.first { $0.customerId == impact.customer.id }
                lines.append(
                    "    \(impact.customer.id)  \(impact.customer.name)  \(impact.customer.level.rawValue)"
                        + (impact.handledAtLevel == impact.customer.level ? "" : " (handled at \(impact.handledAtLevel.rawValue))"))
                let verdict = impact.restorationMinutes.map { minutes in
                    "   restoration \(minutes) min" + (impact.metLimit.map { $0 ? " (within the limit)" : " (OVER the limit)" } ?? "")
                } ?? ""
                lines.append(
                    "      limit \(impact.limitMinutes) min   deadline \(publisher.format(impact.deadline))   restored \(publisher.format(impact.restoredAt))\(verdict)")
                if let clock {
                    lines.append("      elapsed \(clock.elapsedMinutes) min   remaining \(clock.remainingMinutes) min   feedback sent \(clock.feedbackSent)")
                }
                lines.append("      circuits: \(impact.circuitIds.joined(separator: ", "))")
            }
            lines.append("  alarms (\(view.alarmCount), \(view.activeAlarms) active):")
            for alarm in t.relatedAlarms {
                lines.append("    \(alarm.reductionKey)  raised \(publisher.format(alarm.raisedAt))  cleared \(publisher.format(alarm.clearedAt))")
            }
            if !t.faultReportIds.isEmpty { lines.append("  customer reports: \(t.faultReportIds.joined(separator: ", "))") }
            lines.append("  history:")
            for change in t.statusHistory {
                lines.append("    \(publisher.format(change.at))  \(change.status.rawValue)  \(change.reason ?? "")")
            }
            if !t.notes.isEmpty {
                lines.append("  notes:")
                for note in t.notes { lines.append("    \(publisher.format(note.at))  \(note.by): \(note.text)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension FaultCause: ExpressibleByArgument {}
