/// The OData system query options of a request (`$top`, `$select`, ...), parsed and checked per endpoint.
///
/// Names are matched case-insensitively as Graph does; parameters without `$` are ignored.
struct ODataQuery: Sendable {
    /// Lower-cased option name (with `$`) to its decoded value.
    private var options: [String: String] = [:]

    /// Parses a raw query string; `+` decodes to a space, as Graph's web servers do.
    init(rawQuery: String) throws(GraphError) {
        guard !rawQuery.isEmpty else { return }
        guard let pairs = PercentEncoding.parsePairs(rawQuery, plusIsSpace: true) else { throw GraphError.malformedQuery }
        for (name, value) in pairs where name.hasPrefix("$") {
            let key = name.lowercased()
            guard options[key] == nil else {
                throw GraphError(
                    status: 400, code: "BadRequest", message: "Query option '\(name)' was specified more than once.")
            }
            options[key] = value
        }
    }

    /// The decoded value of an option, by its lower-case name such as `$top`.
    subscript(_ name: String) -> String? {
        options[name]
    }

    /// Rejects options this endpoint does not implement rather than silently ignoring them.
    func allowOnly(_ allowed: Set<String>, resource: String) throws(GraphError) {
        for name in options.keys.sorted() where !allowed.contains(name) {
            throw GraphError.unsupportedQueryOption(name, resource: resource)
        }
    }

    /// `$top` within `1...maximum`, or `defaultValue` when absent.
    func top(default defaultValue: Int, maximum: Int, errorCode: String) throws(GraphError) -> Int {
        guard let text = options["$top"] else { return defaultValue }
        guard let value = Int(text.trimmingSpaces), (1...maximum).contains(value) else {
            throw GraphError(
                status: 400, code: errorCode,
                message: "Invalid page size specified: '\(text)'. Must be between 1 and \(maximum) inclusive.")
        }
        return value
    }
}
