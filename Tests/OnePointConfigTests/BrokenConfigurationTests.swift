import Foundation
import OnePointConfig
import OnePointDomain
import Testing

/// Broken configuration written to a temporary folder yields a ``ConfigError`` naming the file,
/// the key path and the problem.
@Suite("Broken configuration")
struct BrokenConfigurationTests {
    /// One edit of one shipped file and what the error must say.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let file: ConfigFile
        let old: String
        let new: String
        let code: ConfigError.Code
        let keyPath: String
        let message: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "bad number", file: .sla, old: "silver: 9 ", new: "silver: nine ", code: .invalidNumber,
            keyPath: "sla.provisioning.limitWorkingDays.silver",
            message: "expected a number of working days in steps of 0.5 (e.g. 9 or 2.5), got 'nine'"),
        Case(
            name: "not a whole number of half days", file: .sla, old: "silver: 9 ", new: "silver: 9.3 ", code: .invalidNumber,
            keyPath: "sla.provisioning.limitWorkingDays.silver", message: "got 9.3, which is not a whole number of half days"),
        Case(
            name: "zero limit", file: .sla, old: "bronze: 8 ", new: "bronze: 0 ", code: .invalidValue,
            keyPath: "sla.faults.restorationHours.bronze", message: "must be more than 0, got 0 hours"),
        Case(
            name: "unknown level", file: .sla, old: "      gold: 4 ", new: "      platinum: 4 ", code: .unknownLevel,
            keyPath: "sla.faults.restorationHours.platinum",
            message: "unknown level 'platinum'; expected one of: key, diamond, gold, silver, bronze"),
        Case(
            name: "level left out", file: .sla, old: "      bronze: 2.5 ", new: "      # bronze: 2.5 ", code: .missingKey,
            keyPath: "sla.preSale.existingSurveyWorkingDays.bronze", message: "level 'bronze' is missing"),
        Case(
            name: "misspelt table name", file: .sla, old: "    restorationHours:", new: "    restorationHoursX:",
            code: .unknownKey, keyPath: "sla.faults.restorationHoursX", message: "unknown key 'restorationHoursX'"),
        Case(
            name: "unknown escalation target", file: .sla, old: "target: dutyLead", new: "target: nightShift", code: .unknownName,
            keyPath: "sla.faults.escalation[0].target", message: "unknown escalation target 'nightShift'"),
        Case(
            name: "ladder out of order", file: .sla, old: "percent: 150", new: "percent: 90", code: .invalidValue,
            keyPath: "sla.faults.escalation[2].percent", message: "step at 90 % comes after a step at 100 %"),
        Case(
            name: "quota above 100", file: .sla, old: "silverMaxPercent: 20", new: "silverMaxPercent: 120", code: .invalidValue,
            keyPath: "sla.levelQuota.silverMaxPercent", message: "must be at most 100 percent, got 120"),
        Case(
            name: "invalid date", file: .calendar, old: "2026-02-15..2026-02-23", new: "2026-02-15..2026-02-30",
            code: .invalidDate, keyPath: "calendar.years[1].daysOff[1]",
            message: "calendar year 2026: 2026-02-30 is not a date (day 30 does not exist in 2026-02, which has 28 days)"),
        Case(
            name: "date in another year", file: .calendar, old: "- 2026-01-04 ", new: "- 2025-01-04 ", code: .invalidDate,
            keyPath: "calendar.years[1].makeUpWorkingDays[0]", message: "calendar year 2026: 2025-01-04 is in another year"),
        Case(
            name: "make-up working day on a weekday", file: .calendar, old: "- 2026-02-28 ", new: "- 2026-02-27 ",
            code: .invalidCalendar, keyPath: "calendar.years[1].makeUpWorkingDays[2]",
            message: "make-up working day 2026-02-27 is a Friday"),
        Case(
            name: "run ending before it starts", file: .calendar, old: "2026-04-04..2026-04-06", new: "2026-04-06..2026-04-04",
            code: .invalidDate, keyPath: "calendar.years[1].daysOff[2]", message: "the run 2026-04-06..2026-04-04 ends before it starts"),
        Case(
            name: "unknown time zone", file: .calendar, old: "timeZone: Asia/Shanghai", new: "timeZone: Asia/Shangai",
            code: .unknownName, keyPath: "calendar.timeZone", message: "unknown time zone 'Asia/Shangai'"),
        Case(
            name: "bad working hours", file: .calendar, old: "end: \"12:00\"", new: "end: \"12:75\"", code: .invalidValue,
            keyPath: "calendar.workingHours[0]", message: "'12:75' is not a clock time"),
        Case(
            name: "a city whose parent is missing", file: .topology,
            old: "    - { id: JS, tier: province, name: Jiangsu, chineseName: 江苏, parent: HQ }", new: "",
            code: .invalidTopology, keyPath: "topology.units[5].parent",
            message: "city 'JS-NJ' (Nanjing) names parent 'JS', which is not a unit of the topology"),
        Case(
            name: "a city under a city", file: .topology, old: "name: Foshan, chineseName: 佛山, parent: GD",
            new: "name: Foshan, chineseName: 佛山, parent: GD-GZ", code: .invalidTopology, keyPath: "topology.units[4].parent",
            message: "names parent 'GD-GZ', which is a city; a city's parent must be a province"),
        Case(
            name: "duplicate unit id", file: .topology, old: "id: GD-SZ", new: "id: GD-GZ", code: .invalidTopology,
            keyPath: "topology.units[3].id", message: "unit id 'GD-GZ' is already used by units[2]"),
        Case(
            name: "unknown tier", file: .topology, old: "id: SC, tier: province", new: "id: SC, tier: county", code: .unknownName,
            keyPath: "topology.units[12].tier", message: "unknown tier 'county'; expected one of: hq, province, city"),
        Case(
            name: "metric a service does not report", file: .testThresholds, old: "{ metric: frameLoss, atMost: 0.01 }",
            new: "{ metric: RTD, atMost: 0.01 }", code: .invalidValue, keyPath: "testThresholds.ETHERNET[1].metric",
            message: "ETHERNET test reports do not carry RTD"),
        Case(
            name: "both bounds", file: .testThresholds, old: "{ metric: frameLoss, atMost: 0.01 }",
            new: "{ metric: frameLoss, atMost: 0.01, atLeast: 0 }", code: .invalidValue,
            keyPath: "testThresholds.ETHERNET[1]", message: "give exactly one of 'atMost' or 'atLeast'"),
        Case(
            name: "unknown service type", file: .testThresholds, old: "  2M:", new: "  E1-old:", code: .unknownName,
            keyPath: "testThresholds.E1-old", message: "unknown service type 'E1-old'"),
        Case(
            name: "percent finer than a tenth", file: .assessment, old: "zeroBelowPercent: 98 ", new: "zeroBelowPercent: 98.05 ",
            code: .invalidNumber, keyPath: "assessment.provisioning.onTimeRate.zeroBelowPercent",
            message: "got 98.05, which is finer than a tenth of a percent"),
        Case(
            name: "plain-clock step given in working days", file: .assessment, old: "      stepMinutes:\n        key: 5 ",
            new: "      stepWorkingDays:\n        key: 5 ", code: .unknownKey,
            keyPath: "assessment.provisioning.dataConfiguration.stepWorkingDays", message: "give stepMinutes"),
        Case(
            name: "base above maximum", file: .assessment, old: "basePoints: 10 ", new: "basePoints: 16 ", code: .invalidValue,
            keyPath: "assessment.provisioning.acceptancePassRate.basePoints", message: "basePoints (16) must not exceed maxPoints (15)"),
    ]

    @Test("an edited file names file, key and problem", arguments: cases)
    func editedFile(_ example: Case) throws {
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace(example.old, with: example.new, in: example.file, directory: directory)
        }
        #expect(error.code == example.code, "\(error)")
        #expect(error.file.hasSuffix("/" + example.file.fileName), "\(error)")
        #expect(error.keyPath == example.keyPath, "\(error)")
        #expect(error.message.contains(example.message), "\(error)")
        #expect(error.description.contains("\(example.file.fileName)"))
        #expect(error.description.contains(": \(example.keyPath): "))
    }

    @Test("bad number: the description reads file:line: key: problem")
    func description() throws {
        let line = try ConfigFixtures.shippedLine(of: "silver: 9 ", in: .sla)
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace("silver: 9 ", with: "silver: nine ", in: .sla, directory: directory)
        }
        #expect(error.line == line)
        #expect(
            error.description.hasSuffix(
                "sla.yaml:\(line): sla.provisioning.limitWorkingDays.silver: expected a number of working days in steps of 0.5 (e.g. 9 or 2.5), got 'nine'"))
    }

    @Test("missing required table: names the key that is missing")
    func missingTable() throws {
        let error = try ConfigFixtures.loadError { directory in
            let path = ConfigFile.sla.path(in: directory)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let start = text.range(of: "    restorationHours:"), let end = text.range(of: "    # 进展反馈") else {
                throw ConfigFixtures.FixtureError(description: "sla.yaml changed shape")
            }
            try text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(error.code == .missingKey)
        #expect(error.file.hasSuffix("/sla.yaml"))
        #expect(error.keyPath == "sla.faults.restorationHours")
        #expect(error.message == "required key 'restorationHours' is missing")
        #expect(error.line != nil)
    }

    @Test("a whole section missing")
    func missingSection() throws {
        let error = try ConfigFixtures.loadError { directory in
            try "sla:\n  preSale: {}\n".write(toFile: ConfigFile.sla.path(in: directory), atomically: true, encoding: .utf8)
        }
        #expect(error.code == .missingKey)
        #expect(error.keyPath == "sla.preSale.existingSurveyWorkingDays")
    }

    @Test("a mapping where a number belongs")
    func wrongType() throws {
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace(
                "dataConfigurationStartMinutes: 30", with: "dataConfigurationStartMinutes: { minutes: 30 }", in: .sla,
                directory: directory)
        }
        #expect(error.code == .wrongType)
        #expect(error.keyPath == "sla.provisioning.dataConfigurationStartMinutes")
        #expect(error.message == "expected a single value, got a mapping")
    }

    @Test("a value where a list belongs shows the value")
    func scalarForList() throws {
        let yaml = """
            calendar:
              timeZone: Asia/Shanghai
              workingHours: 09:00-18:00
              years: []
            """
        do {
            _ = try ConfigReader.calendar(yaml: yaml, file: "calendar.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .wrongType)
            #expect(error.description == "calendar.yaml:3: calendar.workingHours: expected a list, got '09:00-18:00'")
        }
    }

    @Test("YAML that does not parse names the line")
    func syntax() throws {
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace("  faults:", with: "  faults: [", in: .sla, directory: directory)
        }
        #expect(error.code == .invalidSyntax)
        #expect(error.file.hasSuffix("/sla.yaml"))
        #expect(error.line != nil)
        #expect(error.message.hasPrefix("not valid YAML"))
    }

    @Test("a key given twice")
    func duplicateKey() throws {
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace("      silver: 9 ", with: "      silver: 8\n      silver: 9 ", in: .sla, directory: directory)
        }
        #expect(error.code == .invalidSyntax)
        #expect(error.message.contains("'silver' is given more than once"))
    }

    @Test("an empty file")
    func emptyFile() throws {
        let error = try ConfigFixtures.loadError { directory in
            try "# nothing here\n".write(toFile: ConfigFile.topology.path(in: directory), atomically: true, encoding: .utf8)
        }
        #expect(error.code == .invalidSyntax)
        #expect(error.file.hasSuffix("/topology.yaml"))
        #expect(error.message == "the file is empty")
    }

    @Test("a missing file")
    func missingFile() throws {
        let error = try ConfigFixtures.loadError { directory in
            try FileManager.default.removeItem(atPath: ConfigFile.assessment.path(in: directory))
        }
        #expect(error.code == .fileNotFound)
        #expect(error.file.hasSuffix("/assessment.yaml"))
    }

    @Test("a missing folder")
    func missingFolder() throws {
        #expect(throws: ConfigError.self) { try DomainConfiguration.load(directory: "/nonexistent/onepoint-config") }
        do {
            _ = try DomainConfiguration.load(directory: "/nonexistent/onepoint-config")
        } catch {
            #expect(error.code == .fileNotFound)
            #expect(error.file == "/nonexistent/onepoint-config")
        }
    }

    @Test("the wrong root key")
    func wrongRoot() throws {
        let error = try ConfigFixtures.loadError { directory in
            try ConfigFixtures.replace("\nsla:", with: "\nslas:", in: .sla, directory: directory)
        }
        #expect(error.code == .unknownKey)
        #expect(error.keyPath == "slas")
    }

    @Test("one file decoded on its own, with the file named as given")
    func readerAlone() throws {
        let yaml = """
            topology:
              units:
                - { id: HQ, tier: hq, name: Headquarters }
                - { id: GD-GZ, tier: city, name: Guangzhou, parent: GD }
            """
        #expect(throws: ConfigError.self) { try ConfigReader.topology(yaml: yaml, file: "inline.yaml") }
        do {
            _ = try ConfigReader.topology(yaml: yaml, file: "inline.yaml")
        } catch {
            #expect(error.description == "inline.yaml:4: topology.units[1].parent: city 'GD-GZ' (Guangzhou) names parent 'GD', which is not a unit of the topology")
        }
    }
}
