import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointCutover
import OnePointDomain

/// `onepoint cutover submit|revise|cancel|feedback|report|show|letter`: change management
/// (割接) from the command line, times on the workers' clock (docs/cutover.md).
struct CutoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cutover",
        abstract: "Submit, revise, cancel, answer, report on or show cutover plans; print notice letters.",
        subcommands: [Submit.self, Revise.self, Cancel.self, Feedback.self, Report.self, Show.self, Letter.self])

    /// The flags every action takes.
    struct Actor: ParsableArguments {
        @Option(help: "Who acts.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(help: "The unit acting (the plan's unit; for feedback, the customer manager's).") var unit: String = "HQ"
        @Option(help: "When, ISO-8601 with offset (default: now on the workers' clock).") var at: String?
    }

    static func publish<P: EventPayload>(_ type: EventType, _ payload: P, unit: UnitID, cluster: ClusterOptions) async throws {
        let publisher = try UnitPublisher(cluster: cluster, unit: unit)
        try await publisher.publish([try publisher.record(type, payload)])
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a cutover plan (CutoverPlanCreateEvent on cutover-plans).",
            discussion: """
                FILE is the JSON payload of a CutoverPlanCreateEvent (docs/events.md); every problem in it \
                is listed at once. --shift-to moves the window so that it starts at the given instant (the \
                same length; +Nd keeps the plan's time of day N days from today); submittedAt is stamped \
                with the workers' clock, so a sample file works on an accelerated clock.
                """)
        @Argument(help: "The plan's JSON payload.") var file: String
        @Option(help: "Start the window at this instant instead, ISO-8601 with offset, or +Nd / +Nh from now on the workers' clock.")
        var shiftTo: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let hq = try UnitPublisher(cluster: cluster)
            var plan = try EventPublisher.payload(.cutoverPlanCreate, as: CutoverPlan.self, file: file, topology: hq.domain.topology)
            plan.submittedAt = hq.clock.now()
            if let shiftTo {
                let start = try CutoverCommand.instant(shiftTo, publisher: hq, flag: "--shift-to", timeOfDay: plan.windowStart)
                let length = plan.windowEnd.timeIntervalSince(plan.windowStart)
                plan.windowStart = start
                plan.windowEnd = start.addingTimeInterval(length)
            }
            let publisher = try hq.acting(for: plan.unit)
            try await publisher.publish([try publisher.record(.cutoverPlanCreate, plan)])
            print("cutover \(plan.cutoverId) submitted by \(plan.unit): window \(publisher.format(plan.windowStart)) – \(publisher.format(plan.windowEnd))")
        }
    }

    struct Revise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revise a plan: a new window, interruption, more elements or circuits.")
        @Argument(help: "The cutover id.") var cutover: String
        @Option(help: "The new window's start, ISO-8601 with offset, +Nh from now, or +Nd (N days from today at the window's time of day).")
        var start: String?
        @Option(help: "The new window's end, ISO-8601 with offset (default: the window's length from the new start).") var end: String?
        @Option(help: "The new expected interruption, minutes.") var interruption: Int?
        @Option(name: .customLong("add-element"), help: "An element, port (<element>/<port>) or fibre to add; repeatable.") var elements: [String] = []
        @Option(name: .customLong("add-circuit"), help: "A circuit to add; repeatable.") var circuits: [String] = []
        @Option(help: "Why.") var reason: String = "window renegotiated with the customer"
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(actor.unit))
            // The window as the worker holds it: its time of day and length, when the state is here.
            let current = (try? CutoverCommand.reader(cluster).plan(cutover))?.plan
            let newStart = try start.map { try CutoverCommand.instant($0, publisher: publisher, flag: "--start", timeOfDay: current?.windowStart) }
            var newEnd = try end.map { try CutoverCommand.instant($0, publisher: publisher, flag: "--end") }
            if let newStart, newEnd == nil {
                guard let current else { throw ValidationError("give --end too: the cutover worker's state is not readable here to keep the window's length") }
                newEnd = newStart.addingTimeInterval(current.windowEnd.timeIntervalSince(current.windowStart))
            }
            let revision = CutoverRevision(
                cutoverId: cutover, unit: UnitID(actor.unit), reason: reason, windowStart: newStart, windowEnd: newEnd,
                expectedInterruptionMinutes: interruption, addElementIds: elements.isEmpty ? nil : elements, addCircuitIds: circuits.isEmpty ? nil : circuits,
                revisedBy: actor.by, revisedAt: try publisher.instant(actor.at, "--at"))
            try await publisher.publish([try publisher.record(.cutoverPlanAttributeValueChange, revision)])
            print("revision sent for \(cutover)" + (newStart.map { ": window from \(publisher.format($0))" } ?? ""))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call a plan off: its planned-outage window is cancelled.")
        @Argument(help: "The cutover id.") var cutover: String
        @Option(help: "Why.") var reason: String
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(actor.unit))
            let cancellation = CutoverCancellation(
                cutoverId: cutover, unit: UnitID(actor.unit), reason: reason, cancelledBy: actor.by, at: try publisher.instant(actor.at, "--at"))
            try await publisher.publish([try publisher.record(.cutoverPlanCancel, cancellation)])
            print("cancellation sent for \(cutover)")
        }
    }

    struct Feedback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a customer's feedback letter (客户反馈函): agree, or disagree and propose a window.")
        @Argument(help: "The cutover id.") var cutover: String
        @Option(help: "The customer answering.") var customer: String
        @Flag(help: "The customer agrees, or disagrees (the plan is renegotiated).") var answer: CutoverFeedback.Answer
        @Option(help: "A window the customer proposes: start (ISO-8601 or +Nd / +Nh).") var proposeStart: String?
        @Option(help: "A window the customer proposes: end (ISO-8601 or +Nd / +Nh).") var proposeEnd: String?
        @Option(help: "The customer's words.") var comment: String?
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(actor.unit))
            let feedback = CutoverFeedback(
                cutoverId: cutover, customerId: customer, unit: UnitID(actor.unit), answer: answer,
                proposedWindowStart: try proposeStart.map { try CutoverCommand.instant($0, publisher: publisher, flag: "--propose-start") },
                proposedWindowEnd: try proposeEnd.map { try CutoverCommand.instant($0, publisher: publisher, flag: "--propose-end") }, comment: comment,
                receivedAt: try publisher.instant(actor.at, "--at"))
            try await publisher.publish([try publisher.record(.cutoverFeedback, feedback)])
            print("\(answer.rawValue) from \(customer) sent for \(cutover)")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report how a cutover ran: started, completed or rolled back.")
        @Argument(help: "The cutover id.") var cutover: String
        @Flag(help: "What happened.") var outcome: CutoverExecutionReport.Outcome
        @Option(help: "The real interruption, minutes (with --completed or --rolled-back).") var interruption: Int?
        @Option(help: "Anything worth keeping.") var note: String?
        @OptionGroup var actor: Actor
        @OptionGroup var cluster: ClusterOptions

        func validate() throws {
            if outcome != .started, interruption == nil { throw ValidationError("--\(outcome == .completed ? "completed" : "rolled-back") needs --interruption MINUTES") }
        }

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster, unit: UnitID(actor.unit))
            let report = CutoverExecutionReport(
                cutoverId: cutover, unit: UnitID(actor.unit), outcome: outcome, actualInterruptionMinutes: interruption, note: note, reportedBy: actor.by,
                at: try publisher.instant(actor.at, "--at"))
            try await publisher.publish([try publisher.record(.cutoverExecutionReport, report)])
            print("\(outcome.rawValue) reported for \(cutover)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show plans from the cutover worker's state: state, affected customers, each notice's verdict, what is awaited.",
            discussion: "Reads <state-dir>/cutover/state.sqlite read-only. Without an id, lists every plan.")
        @Argument(help: "The cutover id.") var cutover: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster)
            let reader = try CutoverCommand.reader(cluster)
            guard let cutover else {
                let ids = try reader.cutoverIDs()
                if ids.isEmpty { print("no cutovers") }
                for id in ids {
                    guard let view = try reader.plan(id) else { continue }
                    let current = view.notices.filter { $0.supersededBy == nil }.count
                    print("\(id)  \(view.state.rawValue)  \(view.plan.unit)  r\(view.revision)  \(publisher.format(view.plan.windowStart))  \(current) notice\(current == 1 ? "" : "s")  \(view.plan.title)")
                }
                return
            }
            guard let view = try reader.plan(cutover) else { throw ValidationError("no cutover '\(cutover)' in \(try cluster.stateDescription(of: .cutover))") }
            print(Self.render(view, publisher: publisher))
        }

        static func render(_ view: CutoverStateReader.PlanView, publisher: UnitPublisher) -> String {
            let p = view.plan
            var lines = ["\(p.cutoverId)  \(view.state.rawValue)  unit \(p.unit)  revision \(view.revision)\(p.emergency ? "  EMERGENCY" : "")"]
            lines.append("  \(p.title)")
            lines.append("  window \(publisher.format(p.windowStart)) – \(publisher.format(p.windowEnd))   interruption \(p.expectedInterruptionMinutes) min announced")
            if let actual = view.actualInterruptionMinutes {
                lines.append("  real interruption \(actual) min" + ((view.interruptionOverrunMinutes ?? 0) > 0 ? " (\(view.interruptionOverrunMinutes ?? 0) min longer than announced)" : ""))
            }
            lines.append("  elements: \(p.elementIds.joined(separator: ", "))" + (p.circuitIds.isEmpty ? "" : "   circuits: \(p.circuitIds.joined(separator: ", "))"))
            if view.affected.isEmpty { lines.append("  touches no customer circuit: no notices") }
            lines.append("  affected customers (\(view.affected.count)):")
            for customer in view.affected {
                lines.append("    \(customer.id)  \(customer.name)  \(customer.level.rawValue)  manager \(customer.manager.name) (\(customer.managerUnit))  circuits \(customer.circuits.map(\.circuitId).joined(separator: ", "))")
            }
            if !view.problems.isEmpty {
                lines.append("  refused:")
                for problem in view.problems { lines.append("    - \(problem)") }
            }
            if let earliest = view.earliestWindowStart { lines.append("  earliest window start in time: \(publisher.format(earliest))") }
            lines.append("  notices:")
            for n in view.notices {
                let verdict = n.notice.inTime ? "in time" : "LATE"
                let lead = n.notice.emergency ? "emergency" : "lead \(n.notice.requiredWorkingDays ?? 0) wd, latest \(n.notice.latestSendDate)\(n.notice.provisional == true ? " (provisional)" : "")"
                let answer = n.answer.map { "\($0)\(n.answeredAt.map { " at \(publisher.format($0))" } ?? "")" } ?? "awaited (due \(publisher.format(n.notice.feedbackDueAt)))"
                let status = n.supersededBy.map { "superseded by \($0)" } ?? "answer: \(answer)"
                lines.append("    \(n.notice.noticeId)  \(verdict)  sent \(publisher.format(n.notice.sentAt))  \(lead)  → \(n.notice.customerManagerUnit ?? p.unit)  \(status)")
            }
            if let awaiting = view.awaiting { lines.append("  awaiting: \(awaiting)") }
            lines.append("  history:")
            for entry in view.history { lines.append("    \(publisher.format(entry.at))  r\(entry.revision)  \(entry.state.rawValue)  \(entry.reason)") }
            return lines.joined(separator: "\n")
        }
    }

    struct Letter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a notice letter (告知函) as plain text, or as a printable HTML page.",
            discussion: "Rendered from config/letters/cutover-notice.{txt,html}.mustache, which an operator may edit.")
        @Argument(help: "The notice id, e.g. CO-2026-1125-GZ-01/C-GZ-0001.") var notice: String
        @Flag(help: "An HTML page with the affected-circuit attachment.") var html = false
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let publisher = try UnitPublisher(cluster: cluster)
            guard let view = try CutoverCommand.reader(cluster).notice(notice) else {
                throw ValidationError("no notice '\(notice)' in \(try cluster.stateDescription(of: .cutover)); `onepoint cutover show ID` lists a plan's notices")
            }
            let letters: NoticeLetter
            do {
                letters = try NoticeLetter(directory: (cluster.configDirectory as NSString).appendingPathComponent("letters"))
            } catch {
                throw ValidationError(error.message)
            }
            let topology = publisher.domain.topology
            let unit = try? topology.unit(view.notice.unit)
            let unitName = [unit?.chineseName, unit?.name].compactMap { $0 }.joined(separator: " ")
            let zone = publisher.domain.calendar.timeZone
            let text = html ? letters.html(of: view.notice, unitName: unitName, timeZone: zone) : letters.text(of: view.notice, unitName: unitName, timeZone: zone)
            if let output {
                do {
                    try text.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw ValidationError("cannot write \(output): \(error.localizedDescription)")
                }
                print("wrote \(output)")
            } else {
                print(text)
            }
        }
    }

    static func reader(_ cluster: ClusterOptions) throws -> CutoverStateReader {
        do {
            return try CutoverStateReader(paths: try cluster.statePaths(of: .cutover))
        } catch let error as CutoverStateError {
            throw ValidationError(error.message)
        }
    }

    /// An instant: ISO-8601 with offset, or `+Nd` / `+Nh` / `+Nm` from now on the workers' clock.
    /// With `timeOfDay`, `+Nd` is N days from today at that instant's wall-clock time (the
    /// calendar's zone), so a window keeps its hour.
    static func instant(_ text: String, publisher: UnitPublisher, flag: String, timeOfDay: Date? = nil) throws -> Date {
        if text.hasPrefix("+"), text.hasSuffix("d"), let days = Int(text.dropFirst().dropLast()), let timeOfDay {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = publisher.domain.calendar.timeZone
            let time = calendar.dateComponents([.hour, .minute], from: timeOfDay)
            let today = calendar.startOfDay(for: publisher.clock.now())
            if let day = calendar.date(byAdding: .day, value: days, to: today),
                let start = calendar.date(bySettingHour: time.hour ?? 0, minute: time.minute ?? 0, second: 0, of: day)
            {
                return start
            }
        }
        if text.hasPrefix("+"), let unit = text.last, let amount = Double(text.dropFirst().dropLast()) {
            let seconds: Double? = switch unit {
            case "d": amount * 86_400
            case "h": amount * 3_600
            case "m": amount * 60
            default: nil
            }
            if let seconds { return publisher.clock.now().addingTimeInterval(seconds) }
        }
        return try publisher.instant(text, flag)
    }
}

extension CutoverFeedback.Answer: EnumerableFlag {}
extension CutoverExecutionReport.Outcome: EnumerableFlag {}
