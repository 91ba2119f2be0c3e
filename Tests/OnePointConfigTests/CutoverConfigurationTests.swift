import Foundation
import OnePointConfig
import Testing

/// `config/cutover.yaml`: the shipped file is the documented defaults; a broken one names the
/// file, key and line.
@Suite("Cutover configuration")
struct CutoverConfigurationTests {
    static let directory = ConfigFixtures.shippedDirectory

    @Test("the shipped cutover.yaml holds the defaults")
    func shipped() throws {
        #expect(try CutoverConfiguration.load(directory: Self.directory) == CutoverConfiguration.defaults)
    }

    @Test("a reminder of 0 hours, an empty advice line and an unknown key are refused, naming the key and line")
    func broken() throws {
        let shipped = try String(contentsOfFile: Self.directory + "/cutover.yaml", encoding: .utf8)
        let cases: [(old: String, new: String, key: String, words: String)] = [
            ("windowReminderHours: 24", "windowReminderHours: 0", "cutover.windowReminderHours", "0"),
            ("    - \"请做好重要数据备份 Back up important data\"", "    - \"\"", "cutover.advice[1]", "advice"),
            ("windowReminderHours: 24", "windowReminderHours: 24\n  reminderHours: 12", "cutover.reminderHours", "reminderHours"),
        ]
        for item in cases {
            #expect(shipped.contains(item.old))
            let yaml = shipped.replacingOccurrences(of: item.old, with: item.new)
            do {
                _ = try ConfigReader.cutover(yaml: yaml, file: "config/cutover.yaml")
                Issue.record("\(item.new) was accepted")
            } catch {
                #expect(error.file == "config/cutover.yaml")
                #expect(error.keyPath == item.key, "\(error)")
                #expect(error.line != nil, "\(error)")
                #expect(error.description.contains(item.words), "\(error)")
            }
        }
    }
}
