import Foundation

/// A service test report: a local test by a city, or an end-to-end test (DOMAIN.md §3, §5).
///
/// It must carry every metric its service type requires, name its tester and be confirmed by
/// the customer or the customer manager (source). Judge it with ``TestThresholds/evaluate(_:)``.
public struct TestReport: Sendable, Codable, Equatable {
    /// Who confirmed the report.
    public enum Confirmer: String, Sendable, Codable, CaseIterable {
        /// The customer.
        case customer
        /// The customer manager (客户经理).
        case customerManager
    }

    /// A signature confirming the report.
    public struct Confirmation: Sendable, Codable, Equatable {
        /// Who signed.
        public var by: Confirmer
        /// The signer's name; an empty name is no confirmation.
        public var name: String

        public init(by: Confirmer, name: String) {
            self.by = by
            self.name = name
        }
    }

    /// The interval the measurements cover (ES = 0 is "over the test period").
    public struct Period: Sendable, Codable, Equatable {
        public var start: Date
        public var end: Date

        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }
    }

    /// The service type tested.
    public var service: ServiceType
    /// The scope of the tested circuit (the MPLS VPN delay condition depends on it).
    public var scope: NetworkScope
    /// The measured values, in each metric's unit.
    public var measurements: [TestMetric: Decimal]
    /// The tester's name; `nil` or blank when not named.
    public var tester: String?
    /// The confirming signature, if any.
    public var confirmation: Confirmation?
    /// The test period.
    public var period: Period

    public init(
        service: ServiceType, scope: NetworkScope, measurements: [TestMetric: Decimal], tester: String?,
        confirmation: Confirmation?, period: Period
    ) {
        self.service = service
        self.scope = scope
        self.measurements = measurements
        self.tester = tester
        self.confirmation = confirmation
        self.period = period
    }
}
