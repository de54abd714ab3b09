/// A set of properties as a bit mask: cheap to test once per property of every rendered item.
struct PropertySelection<Property: GraphProperty>: Sendable {
    private var bits: UInt64 = 0

    init(_ properties: [Property]) {
        for property in properties { bits |= 1 << UInt64(property.rawValue) }
    }

    /// This selection without `properties`: what an app holding only a ReadBasic permission is answered.
    func removing(_ properties: [Property]) -> Self {
        var copy = self
        for property in properties { copy.bits &= ~(1 << UInt64(property.rawValue)) }
        return copy
    }

    func contains(_ property: Property) -> Bool {
        bits & 1 << UInt64(property.rawValue) != 0
    }

    /// Parses a `$select` list (`a,b, c`); `required` are always included, as Graph always returns `id`.
    ///
    /// A list seen lately is not parsed again (see `SelectionCache`).
    static func parse(_ text: String, required: [Property], errorCode: String) throws(GraphError) -> Self {
        var selection = Self(required)
        let key = SelectionCache.Key(type: ObjectIdentifier(Property.self), required: selection.bits, text: text)
        selection.bits = try SelectionCache.shared.bits(for: key) { () throws(GraphError) -> UInt64 in
            try parseUncached(text, required: required, errorCode: errorCode).bits
        }
        return selection
    }

    private static func parseUncached(_ text: String, required: [Property], errorCode: String) throws(GraphError) -> Self {
        var selection = Self(required)
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(item).trimmingSpaces
            guard let property = Property.byLowercasedName[name.lowercased()] else {
                let message = name.isEmpty
                    ? "The $select list '\(text)' contains an empty property name."
                    : "Could not find a property named '\(name)' on type '\(Property.entityTypeName)'."
                throw GraphError(status: 400, code: errorCode, message: message)
            }
            selection.bits |= 1 << UInt64(property.rawValue)
        }
        return selection
    }
}
