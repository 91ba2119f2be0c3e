import OnePointDomain

extension CustomerLevel {
    /// Parses a comma-separated list of levels (`diamond,silver`), as `--level` takes it;
    /// repeated levels are kept once, in the order given.
    ///
    /// - Throws: ``DomainError`` with code ``DomainError/Code/unknownLevel`` naming an unknown
    ///   level, or ``DomainError/Code/invalidValue`` for an empty list or an empty item.
    public static func parseList(_ text: String) throws(DomainError) -> [CustomerLevel] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard items.contains(where: { !$0.isEmpty }) else {
            throw DomainError(.invalidValue, "no customer level given; expected one or more of key, diamond, gold, silver, bronze, separated by commas")
        }
        var levels: [CustomerLevel] = []
        for item in items {
            guard !item.isEmpty else {
                throw DomainError(.invalidValue, "level list '\(text)' has an empty item; separate levels with single commas")
            }
            let level = try CustomerLevel(parsing: item)
            if !levels.contains(level) { levels.append(level) }
        }
        return levels
    }
}
