extension DomainError.Code {
    /// A business assurance level name that is not one of AAA, AA, A, Standard.
    public static let unknownAssuranceLevel: DomainError.Code = DomainError.Code(rawValue: "unknown-assurance-level")
    /// A test report that cannot be evaluated for a reason other than a missing metric
    /// (no tester, not confirmed, an impossible period or value).
    public static let incompleteTestReport: DomainError.Code = DomainError.Code(rawValue: "incomplete-test-report")
}
