import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain
import OnePointFault

/// `onepoint complaint submit|ack|handle|reply|note|show`: customer complaints (投诉), times on
/// the workers' clock (docs/complaints.md).
struct ComplaintsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Submit a customer complaint, act on it (ack, handle, reply, note), or show complaints and their clocks.",
        subcommands: [Submit.self, Ack.self, Handle.self, Reply.self, Note.self, Show.self])

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a complaint (ComplaintCreateEvent on complaints).",
            discussion: """
                FILE is the JSON payload of a ComplaintCreateEvent (docs/events.md); every problem is listed at \
                once. Without FILE give --customer and --subject. The complaint id and receivedAt are the \
                file's, else a new id and now on the workers' clock.
                """)
        @Argument(help: "The complaint's JSON payload.") var file: String?
        @Option(help: "The customer complaining.") var customer: String?
        @Option(help: "The circuit it is about.") var circuit: String?
        @Option(help: "The ticket it is about.") var ticket: String?
        @Option(help: "What it is about, in a line.") var subject: String?
        @Option(help: "The customer's words.") var text: String?
        @Option(help: "The unit receiving it.") var unit: String = "HQ"
        @Option(help: "Who takes it.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let hq = try UnitPublisher(cluster: cluster)
            let complaint: Complaint
            if let file {
                complaint = try EventPublisher.payload(.complaintCreate, as: Complaint.self, file: file, topology: hq.domain.topology)
            } else {
                guard let customer, let subject else { throw ValidationError("give --customer and --subject, or a FILE") }
                complaint = Complaint(
                    complaintId: UnitPublisher.newID("CP"), customerId: customer, circuitId: circuit, ticketId: ticket, unit: UnitID(unit), subject: subject,
                    description: text ?? subject, receivedBy: by, receivedAt: hq.clock.now())
            }
            let publisher = try hq.acting(for: complaint.unit)
            try await publisher.publish([try publisher.record(.complaintCreate, complaint)])
            print("complaint \(complaint.complaintId) submitted for \(complaint.customerId) at \(publisher.format(complaint.receivedAt))")
        }
    }

    /// The flags every action takes.
    struct Actor: ParsableArguments {
        @Argument(help: "The complaint id.") var complaint: String
        @Option(help: "What was done or said.") var note: String?
        @Option(help: "Who acts.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(help: "The unit acting.") var unit: String = "HQ"
        @Option(help: "When, ISO-8601 with offset (default: now on the workers' clock).") var at: String?
        @OptionGroup var cluster: ClusterOptions

        func send(_ action: OnePointContracts.ComplaintCommand.Action) async throws {
            let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(unit))
            let command = OnePointContracts.ComplaintCommand(
                complaintId: complaint, action: action, unit: UnitID(unit), by: by, at: try publisher.instant(at, "--at"), note: note)
            try await publisher.publish([try publisher.record(.complaintCommand, command)])
            print("\(action.rawValue) sent for \(complaint)")
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "First contact with the customer: the response clock stops.")
        @OptionGroup var actor: Actor
        func run() async throws { try await actor.send(.acknowledge) }
    }

    struct Handle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cause found and acted on: the handling clock stops.")
        @OptionGroup var actor: Actor
        func run() async throws { try await actor.send(.handle) }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The result told to the customer: the reply clock stops and the complaint closes.")
        @OptionGroup var actor: Actor
        func run() async throws { try await actor.send(.reply) }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to a complaint (--note TEXT).")
        @OptionGroup var actor: Actor
        func validate() throws {
            guard !(actor.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("give the note's text with --note") }
        }
        func run() async throws { try await actor.send(.note) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show complaints from the fault worker's state: clocks, deadlines, what was met.",
            discussion: "Reads <state-dir>/fault/state.sqlite read-only. Without an id, lists every complaint.")
        @Argument(help: "The complaint id.") var complaint: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster)
            let reader: FaultStateReader
            do {
                reader = try FaultStateReader(paths: try cluster.statePaths(of: .fault))
            } catch let error as FaultStateError {
                throw ValidationError(error.message)
            }
            let views = try reader.complaints(complaint.map { [$0] }, policy: publisher.domain.complaints)
            if views.isEmpty { print(complaint.map { "no complaint '\($0)'" } ?? "no complaints") }
            for view in views {
                let verdict = view.inTime.map { $0 ? "  in time" : "  LATE" } ?? ""
                print("\(view.complaintId)  \(view.state.rawValue)  unit \(view.unit)  \(view.customer.id) (\(view.customer.level.rawValue))\(verdict)  \(view.subject)")
                guard complaint != nil else { continue }
                if let circuit = view.circuitId { print("  circuit \(circuit)") }
                if let ticket = view.ticketId { print("  linked to ticket \(ticket)") }
                print("  received \(publisher.format(view.receivedAt))   escalation step \(view.escalationLevel)")
                for clock in view.clocks {
                    let met = clock.met.map { $0 ? "met" : "MISSED" } ?? "running"
                    print("  \(clock.clock.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) limit \(clock.limitMinutes) min  deadline \(publisher.format(clock.deadline))  stopped \(publisher.format(clock.stoppedAt))  \(met)")
                }
                print("  history:")
                for entry in view.history { print("    \(publisher.format(entry.at))  \(entry.reason)") }
            }
        }
    }
}

