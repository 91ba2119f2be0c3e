/// Where a month's reports stand (`report_months.state`).
public enum MonthState: String, Sendable, Codable, CaseIterable {
    /// The month has not ended: facts are gathered.
    case open
    /// Drafted at the month's end; late facts revise the reports.
    case drafted
    /// Final at 18:00 on the 5th of the next month; later facts are amendments.
    case final
}
