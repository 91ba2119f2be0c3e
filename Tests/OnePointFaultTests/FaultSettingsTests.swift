import Foundation
import OnePointConfig
import OnePointContracts
import OnePointFault
import Testing

@Suite("fault.yaml: shipped defaults and strict errors")
struct FaultSettingsTests {
    @Test("the shipped config/fault.yaml gives the documented defaults")
    func shipped() throws {
        let settings = try FaultSettings.load(directory: configDirectory)
        #expect(settings == FaultSettings.defaults)
        #expect(settings.ticketSeverities == [.critical, .major])
        #expect(settings.flapHoldDown == 60)
        #expect(settings.correlationWindow == 120)
        #expect(settings.confirmationTimeout == 24 * 3600)
        #expect(settings.reopenWindow == 24 * 3600)
        #expect(settings.repeatedFaultThreshold == 2)
        #expect(settings.repeatedFaultPeriodDays == 30)
        #expect(settings.maxNotesPerTicket == 500)
    }

    @Test("fault.maxNotesPerTicket: 500 when left out, the value written, at least 1")
    func maxNotesPerTicket() throws {
        let base = """
            fault:
              ticketSeverities: [critical, major]
              flapHoldDownSeconds: 60
              correlationWindowSeconds: 120
              confirmationTimeoutHours: 24
              reopenWindowHours: 24
              repeatedFaults: { moreThan: 2, periodDays: 30 }

            """
        #expect(try ConfigReader.fault(yaml: base).maxNotesPerTicket == 500)
        #expect(try ConfigReader.fault(yaml: base + "  maxNotesPerTicket: 20\n").maxNotesPerTicket == 20)
        #expect {
            _ = try ConfigReader.fault(yaml: base + "  maxNotesPerTicket: 0\n", file: "config/fault.yaml")
        } throws: { error in
            (error as? ConfigError)?.keyPath == "fault.maxNotesPerTicket"
        }
    }

    @Test("a wrong value, an unknown key, a missing key and an unknown severity are refused with the file, key path and line")
    func strictErrors() throws {
        let good = """
            fault:
              ticketSeverities: [critical, major]
              flapHoldDownSeconds: 60
              correlationWindowSeconds: 120
              confirmationTimeoutHours: 24
              reopenWindowHours: 1.5
              repeatedFaults: { moreThan: 2, periodDays: 30 }
            """
        #expect(try ConfigReader.fault(yaml: good).reopenWindowMinutes == 90)
        let cases: [(yaml: String, code: ConfigError.Code, keyPath: String, line: Int?)] = [
            (good.replacingOccurrences(of: "flapHoldDownSeconds: 60", with: "flapHoldDownSeconds: soon"), .invalidNumber, "fault.flapHoldDownSeconds", 3),
            (good.replacingOccurrences(of: "correlationWindowSeconds", with: "correlationWindow"), .unknownKey, "fault.correlationWindow", nil),
            (good.replacingOccurrences(of: "  reopenWindowHours: 1.5\n", with: ""), .missingKey, "fault.reopenWindowHours", nil),
            (good.replacingOccurrences(of: "[critical, major]", with: "[critical, severe]"), .unknownName, "fault.ticketSeverities[1]", 2),
            (good.replacingOccurrences(of: "moreThan: 2", with: "moreThan: 0"), .invalidValue, "fault.repeatedFaults.moreThan", 7),
        ]
        for item in cases {
            #expect {
                _ = try ConfigReader.fault(yaml: item.yaml, file: "config/fault.yaml")
            } throws: { error in
                guard let error = error as? ConfigError else { return false }
                return error.code == item.code && error.keyPath == item.keyPath && error.file == "config/fault.yaml"
                    && (item.line == nil || error.line == item.line)
            }
        }
    }
}
