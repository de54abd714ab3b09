/// A property of a Graph resource that `$select` can name; the raw value orders the JSON output.
protocol GraphProperty: RawRepresentable<Int>, CaseIterable, Sendable where AllCases == [Self] {
    /// The property's name in Graph's JSON.
    var name: String { get }
    /// Every case by lower-cased name, for case-insensitive `$select`.
    static var byLowercasedName: [String: Self] { get }
    /// The entity type named in Graph's error message for an unknown property.
    static var entityTypeName: String { get }
}

extension GraphProperty {
    /// Builds the lookup table for `byLowercasedName`.
    static func makeLookup() -> [String: Self] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.name.lowercased(), $0) })
    }
}
