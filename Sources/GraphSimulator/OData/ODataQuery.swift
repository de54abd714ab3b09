/// The query options of a request (`$top`, `$select`, ...), parsed and checked per endpoint.
///
/// Names are matched case-insensitively as Graph does. Parameters without `$` (calendarView's
/// `startDateTime`) are kept apart; the endpoints that take none ignore them.
struct ODataQuery: Sendable {
    /// Lower-cased option name (with `$`) to its decoded value, and the options in the order sent.
    private var options: [String: String] = [:]
    private var order: [String] = []
    /// Lower-cased parameter name (without `$`) to its decoded value.
    private var parameters: [String: String] = [:]

    /// Parses a raw query string; `+` decodes to a space, as Graph's web servers do.
    init(rawQuery: String) throws(GraphError) {
        guard !rawQuery.isEmpty else { return }
        guard let pairs = PercentEncoding.parsePairs(rawQuery, plusIsSpace: true) else { throw GraphError.malformedQuery }
        for (name, value) in pairs {
            let key = name.lowercased()
            guard name.hasPrefix("$") else {
                if parameters[key] == nil { parameters[key] = value }
                continue
            }
            guard options[key] == nil else {
                throw GraphError(
                    status: 400, code: "BadRequest", message: "Query option '\(name)' was specified more than once.")
            }
            options[key] = value
            order.append(key)
        }
    }

    /// The decoded value of an option, by its lower-case name such as `$top`.
    subscript(_ name: String) -> String? {
        options[name]
    }

    /// The decoded value of a parameter without `$`, by its lower-case name such as `startdatetime`.
    func parameter(_ name: String) -> String? {
        parameters[name]
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

    /// `$skip` as a non-negative count, 0 when absent.
    func skip(errorCode: String) throws(GraphError) -> Int {
        guard let text = options["$skip"] else { return 0 }
        guard let value = Int(text.trimmingSpaces), value >= 0 else {
            throw GraphError(
                status: 400, code: errorCode, message: "The value '\(text)' of $skip is not a non-negative integer.")
        }
        return value
    }

    /// The `$select`ed properties, or `defaultSelection` without `$select`; `required` are always included.
    func selection<Property: GraphProperty>(
        default defaultSelection: PropertySelection<Property>, required: [Property], errorCode: String
    ) throws(GraphError) -> PropertySelection<Property> {
        guard let select = options["$select"] else { return defaultSelection }
        return try PropertySelection.parse(select, required: required, errorCode: errorCode)
    }

    /// Whether `$count=true` was asked for; directory collections need `ConsistencyLevel: eventual` for it.
    func wantsCount(consistencyLevel: String?) throws(GraphError) -> Bool {
        guard let text = options["$count"] else { return false }
        switch text.lowercased() {
        case "true":
            guard consistencyLevel?.lowercased() == "eventual" else {
                throw GraphError(
                    status: 400, code: "Request_BadRequest",
                    message: "$count is not currently supported without the header 'ConsistencyLevel: eventual'.")
            }
            return true
        case "false": return false
        default:
            throw GraphError(status: 400, code: "Request_BadRequest", message: "Invalid $count value '\(text)'; use true or false.")
        }
    }

    /// The link to another page: `base?` with the options in `keep` as sent, then `name=value`.
    ///
    /// Outlook writes `$` as `%24` in its links and the directory does not; clients must follow either as given.
    func link(
        _ base: String, keep: [String], parameters keptParameters: [String] = [], then name: String, _ value: String,
        encodeDollar: Bool
    ) -> String {
        let dollar = encodeDollar ? "%24" : "$"
        var link = base + "?"
        for parameter in keptParameters {
            if let value = parameters[parameter.lowercased()] { link += parameter + "=" + PercentEncoding.encodeQueryValue(value) + "&" }
        }
        for option in order where keep.contains(option) {
            if let value = options[option] {
                link += dollar + option.dropFirst() + "=" + PercentEncoding.encodeQueryValue(value) + "&"
            }
        }
        return link + (name.hasPrefix("$") ? dollar + name.dropFirst() : name) + "=" + value
    }
}
