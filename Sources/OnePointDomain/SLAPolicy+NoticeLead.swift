import Foundation

extension SLAPolicy {
    /// The notice lead, in working days, for a change affecting customers of `levels`: the
    /// longest among them (0 when no customer is affected).
    public func noticeLeadWorkingDays(for levels: some Sequence<CustomerLevel>) -> Int {
        levels.reduce(0) { max($0, noticeLeadWorkingDays[$1]) }
    }

    /// Whether an emergency notice (major safety hazard) sent at `sentAt` is in time: at least
    /// ``emergencyNoticeLeadHours`` clock hours before `windowStart`.
    public func isEmergencyNoticeInTime(sentAt: Date, windowStart: Date) -> Bool {
        windowStart.timeIntervalSince(sentAt) >= TimeInterval(emergencyNoticeLeadHours) * 3600
    }
}
