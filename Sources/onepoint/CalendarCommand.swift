import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain

/// `onepoint calendar load FILE`: checks a year's working calendar (the State Council holiday
/// notice) with the strict loader of `calendar.yaml` and publishes it on the compacted
/// `calendar` topic, where the workers apply it without a restart (docs/configuration.md).
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Load a year's working calendar into the running workers.",
        subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check FILE (calendar.years, as in calendar.yaml) and publish each year on the calendar topic.",
            discussion: """
                FILE lists one or more years the way config/calendar.yaml does (year, daysOff, makeUpWorkingDays) under \
                `calendar: years:`. It is checked by the same rules, and a mistake is refused naming the file, the line, the key \
                and the problem; nothing is sent then. A published year wins over calendar.yaml; publishing a year again \
                (an amended notice) corrects it. Every worker recounts the open deadlines that reach it.
                """)

        @Argument(help: "The calendar file (YAML).") var file: String
        @Flag(name: .long, help: "Check the file and show what would be published; publish nothing.") var check = false
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let years: [CalendarYear]
            let configured: WorkingCalendar
            do {
                years = try ConfigReader.calendarYears(yaml: try ConfigReader.read(file: file), file: file)
                configured = try DomainConfiguration.load(directory: cluster.configDirectory).calendar
            } catch {
                FileHandle.standardError.write(Data("onepoint calendar load: refused, nothing published\n\(error)\n".utf8))
                throw ExitCode.failure
            }
            for year in years { print(Self.describe(year, configured: configured)) }
            if check {
                print("checked \(file): \(years.count == 1 ? "1 year" : "\(years.count) years"), nothing published (--check)")
                return
            }
            let source = EventSource(unit: UnitID("HQ"), worker: "onepoint-cli")
            let topology = try DomainConfiguration.load(directory: cluster.configDirectory).topology
            let records = try years.map { year in
                try EventPublisher.record(.calendarYearUpdate, CalendarYearUpdate(year, source: file), source: source, topology: topology)
            }
            try await EventPublisher(cluster: cluster).publish(records)
            let names = try await cluster.topicNames()
            let list = years.map { String($0.year) }.joined(separator: ", ")
            print("published \(list) to \(names[.calendar] ?? Topic.calendar.defaultName); the workers recount every open deadline that reaches \(years.count == 1 ? "it" : "them")")
        }

        /// One line per year: what it holds and what it does to `calendar.yaml`'s calendar.
        static func describe(_ year: CalendarYear, configured: WorkingCalendar) -> String {
            let off = year.daysOff.sorted()
            let makeUp = year.makeUpWorkingDays.sorted()
            var text = "\(year.year): \(count(off.count, "day off", "days off")) (\(runs(off))), \(count(makeUp.count, "make-up working day", "make-up working days"))"
            if !makeUp.isEmpty { text += " (\(makeUp.map(\.description).joined(separator: ", ")))" }
            if let shipped = configured.calendarYear(year.year) {
                text += shipped == year ? "; the same as calendar.yaml's" : "; replaces calendar.yaml's \(year.year) (a correction)"
            } else {
                text += "; not in calendar.yaml: deadlines reaching \(year.year) were provisional"
            }
            return text
        }

        /// `1 day off`, `4 days off`.
        static func count(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }

        /// Days as runs: `2027-01-01, 2027-02-06..2027-02-13`.
        static func runs(_ days: [CivilDate]) -> String {
            var parts: [String] = []
            var index = 0
            while index < days.count {
                var end = index
                while end + 1 < days.count, days[end].adding(days: 1) == days[end + 1] { end += 1 }
                parts.append(end == index ? "\(days[index])" : "\(days[index])..\(days[end])")
                index = end + 1
            }
            return parts.joined(separator: ", ")
        }
    }
}
