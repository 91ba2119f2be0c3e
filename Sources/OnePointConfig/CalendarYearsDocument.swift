import OnePointDomain

/// The model of a calendar file for `onepoint calendar load`: the `years` part of
/// `calendar.yaml`, checked by the same rules and with the same messages.
///
/// ```yaml
/// calendar:
///   years:
///     - year: 2027
///       daysOff: [2027-01-01, 2027-02-06..2027-02-13]
///       makeUpWorkingDays: [2027-02-14]
/// ```
///
/// The time zone and working hours are not loaded live: they stay `calendar.yaml`'s (a change
/// to them is a change to that file and a restart), so the keys are refused here.
struct CalendarYearsDocument: StrictlyKeyed, Sendable {
    struct Body: StrictlyKeyed, Sendable {
        var path = ConfigKeyPath()
        let years: [CalendarDocument.Year]

        enum CodingKeys: String, CodingKey, CaseIterable { case years }
    }

    let calendar: Body

    enum CodingKeys: String, CodingKey, CaseIterable { case calendar }

    func years() throws(ConfigIssue) -> [CalendarYear] {
        try CalendarDocument.calendarYears(calendar.years, noneListed: "no calendar year is listed; list the year to load")
    }
}
