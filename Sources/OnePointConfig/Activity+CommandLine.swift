import OnePointDomain

extension Activity {
    /// The name the command line uses: `existing-survey`, `construction-survey`,
    /// `provisioning`, `restoration`, `data-config`.
    public var commandLineName: String {
        switch self {
        case .existingSurvey: "existing-survey"
        case .constructionSurvey: "construction-survey"
        case .provisioning: "provisioning"
        case .restoration: "restoration"
        case .dataConfiguration: "data-config"
        }
    }

    /// Parses a command-line name (``commandLineName``, or the case name such as `existingSurvey`),
    /// ignoring case.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/invalidValue`` listing the names.
    public init(commandLineName text: String) throws(DomainError) {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let activity = Activity.allCases.first(where: { $0.commandLineName == wanted || $0.rawValue.lowercased() == wanted })
        else {
            let names = Activity.allCases.map(\.commandLineName).joined(separator: ", ")
            throw DomainError(.invalidValue, "unknown activity '\(text)'; expected one of: \(names)")
        }
        self = activity
    }
}
