/// What happened in one unit in one month, as the assessment needs it (DOMAIN.md §7).
///
/// The reporting worker gathers these from the other streams; the `onepoint` CLI reads them
/// from JSON. Every key except `unit` and `month` may be left out (an empty list or zero):
///
/// ```json
/// {
///   "unit": "GD-GZ",
///   "month": "2026-11",
///   "existingNetworkSurveys": [{"level": "gold", "overrunMinutes": 45, "reference": "PS-1"}],
///   "constructionSurveys": [{"level": "silver", "overrunMinutes": 130}],
///   "provisioningOnTime": {"met": 49, "total": 50},
///   "acceptance": {"met": 19, "total": 20},
///   "dataConfigurations": [{"level": "key", "overrunMinutes": 6}],
///   "restorations": [{"level": "diamond", "overrunMinutes": 30}],
///   "complaints": {"met": 12, "total": 12},
///   "networkQualityBreaches": 0,
///   "lateCutoverNotices": 1,
///   "missingCutoverNotices": 0
/// }
/// ```
public struct AssessmentFacts: Sendable, Codable, Equatable {
    /// One timed activity that may have run past its limit.
    public struct Overrun: Sendable, Codable, Equatable {
        /// The customer's service level, which sets the step length. JSON `"level"`: `key`,
        /// `diamond`, `gold`, `silver` or `bronze`; left out, the customer counts as Bronze
        /// (a customer with no level set is treated as Bronze, DOMAIN.md §2).
        public var level: CustomerLevel
        /// JSON `"overrunMinutes"`: minutes past the activity's limit; 0 or less when in time.
        /// Surveys: working minutes past the working-day deadline. Data configuration: minutes
        /// past the 30-minute start limit. Restoration: minutes past the restoration limit, on
        /// the 24×7 clock minus clock stops; only faults in equipment the operator manages.
        public var overrunMinutes: Int
        /// JSON `"reference"`, optional: the order or ticket, for the report's reader.
        public var reference: String?

        public init(level: CustomerLevel = .unset, overrunMinutes: Int, reference: String? = nil) {
            self.level = level
            self.overrunMinutes = overrunMinutes
            self.reference = reference
        }

        private enum CodingKeys: String, CodingKey { case level, overrunMinutes, reference }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            level = try c.decodeIfPresent(CustomerLevel.self, forKey: .level) ?? .unset
            overrunMinutes = try c.decode(Int.self, forKey: .overrunMinutes)
            reference = try c.decodeIfPresent(String.self, forKey: .reference)
        }
    }

    /// How many cases of a month met their target, out of how many.
    public struct Tally: Sendable, Codable, Equatable {
        /// JSON `"met"`: the cases that met the target (on time, passed, handled in time).
        public var met: Int
        /// JSON `"total"`: all cases; 0 when there were none (the part then scores full).
        public var total: Int

        public init(met: Int, total: Int) {
            self.met = met
            self.total = total
        }

        /// No cases.
        public static let none = Tally(met: 0, total: 0)
    }

    /// JSON `"unit"`: the unit assessed.
    public var unit: UnitID
    /// JSON `"month"`: the month assessed, `YYYY-MM`.
    public var month: String
    /// JSON `"existingNetworkSurveys"`: every existing-network survey and solution
    /// (现网资源勘查及方案制定) completed in the month, with its overrun.
    public var existingNetworkSurveys: [Overrun]
    /// JSON `"constructionSurveys"`: every construction survey (施工资源勘查) completed in the
    /// month, overrun in working minutes.
    public var constructionSurveys: [Overrun]
    /// JSON `"provisioningOnTime"`: provisioning orders completed in the month, and how many
    /// on time (an overdue order, or a missed delay application, is not on time).
    public var provisioningOnTime: Tally
    /// JSON `"acceptance"`: preliminary acceptances in the month, and how many passed.
    public var acceptance: Tally
    /// JSON `"dataConfigurations"`: every data-configuration task notified in the month.
    public var dataConfigurations: [Overrun]
    /// JSON `"restorations"`: every restored fault in the month measured against its limit.
    public var restorations: [Overrun]
    /// JSON `"complaints"`: complaints handled in the month, and how many in time.
    public var complaints: Tally
    /// JSON `"networkQualityBreaches"`: circuits (with private-line access, equipment or a
    /// service platform) whose repeated faults or outage time so far this year exceed their
    /// SLA. Any breach scores network quality 0.
    public var networkQualityBreaches: Int
    /// JSON `"lateCutoverNotices"`: cutover notices this unit sent too late.
    public var lateCutoverNotices: Int
    /// JSON `"missingCutoverNotices"`: cutovers this unit should have announced and did not.
    public var missingCutoverNotices: Int

    public init(
        unit: UnitID, month: String, existingNetworkSurveys: [Overrun] = [], constructionSurveys: [Overrun] = [],
        provisioningOnTime: Tally = .none, acceptance: Tally = .none, dataConfigurations: [Overrun] = [],
        restorations: [Overrun] = [], complaints: Tally = .none, networkQualityBreaches: Int = 0,
        lateCutoverNotices: Int = 0, missingCutoverNotices: Int = 0
    ) {
        self.unit = unit
        self.month = month
        self.existingNetworkSurveys = existingNetworkSurveys
        self.constructionSurveys = constructionSurveys
        self.provisioningOnTime = provisioningOnTime
        self.acceptance = acceptance
        self.dataConfigurations = dataConfigurations
        self.restorations = restorations
        self.complaints = complaints
        self.networkQualityBreaches = networkQualityBreaches
        self.lateCutoverNotices = lateCutoverNotices
        self.missingCutoverNotices = missingCutoverNotices
    }

    private enum CodingKeys: String, CodingKey {
        case unit, month, existingNetworkSurveys, constructionSurveys, provisioningOnTime, acceptance,
            dataConfigurations, restorations, complaints, networkQualityBreaches, lateCutoverNotices,
            missingCutoverNotices
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            unit: try c.decode(UnitID.self, forKey: .unit),
            month: try c.decode(String.self, forKey: .month),
            existingNetworkSurveys: try c.decodeIfPresent([Overrun].self, forKey: .existingNetworkSurveys) ?? [],
            constructionSurveys: try c.decodeIfPresent([Overrun].self, forKey: .constructionSurveys) ?? [],
            provisioningOnTime: try c.decodeIfPresent(Tally.self, forKey: .provisioningOnTime) ?? .none,
            acceptance: try c.decodeIfPresent(Tally.self, forKey: .acceptance) ?? .none,
            dataConfigurations: try c.decodeIfPresent([Overrun].self, forKey: .dataConfigurations) ?? [],
            restorations: try c.decodeIfPresent([Overrun].self, forKey: .restorations) ?? [],
            complaints: try c.decodeIfPresent(Tally.self, forKey: .complaints) ?? .none,
            networkQualityBreaches: try c.decodeIfPresent(Int.self, forKey: .networkQualityBreaches) ?? 0,
            lateCutoverNotices: try c.decodeIfPresent(Int.self, forKey: .lateCutoverNotices) ?? 0,
            missingCutoverNotices: try c.decodeIfPresent(Int.self, forKey: .missingCutoverNotices) ?? 0)
    }

    /// Checks what a person could have typed wrong.
    /// - Throws: ``DomainError/Code/invalidValue`` naming the field: a month not `YYYY-MM`, a
    ///   tally with a negative count or `met` above `total`, a negative count of breaches or notices.
    public func validate() throws(DomainError) {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard month.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let monthNumber = Int(parts[1]), year > 0, (1...12).contains(monthNumber)
        else {
            throw DomainError(.invalidValue, "assessment facts for '\(unit)': month must be YYYY-MM, got '\(month)'")
        }
        for (key, tally) in [("provisioningOnTime", provisioningOnTime), ("acceptance", acceptance), ("complaints", complaints)] {
            guard tally.met >= 0, tally.total >= 0, tally.met <= tally.total else {
                throw DomainError(
                    .invalidValue,
                    "assessment facts for '\(unit)' \(month): \(key) needs 0 ≤ met ≤ total, got met \(tally.met), total \(tally.total)")
            }
        }
        for (key, count) in [
            ("networkQualityBreaches", networkQualityBreaches), ("lateCutoverNotices", lateCutoverNotices),
            ("missingCutoverNotices", missingCutoverNotices),
        ] where count < 0 {
            throw DomainError(.invalidValue, "assessment facts for '\(unit)' \(month): \(key) must be 0 or more, got \(count)")
        }
    }
}
