/// The `$filter` Ferry sends on messages: `receivedDateTime ge|gt|le|lt <DateTimeOffset>`, joined with `and`.
///
/// Anything else is refused the way Outlook refuses a filter it cannot evaluate.
struct ReceivedDateTimeFilter: Sendable, Equatable {
    /// First matching second (inclusive); nil leaves the window open at the start.
    var lowerBound: Int64?
    /// First second after the window (exclusive); nil leaves it open at the end.
    var upperBound: Int64?

    init(lowerBound: Int64? = nil, upperBound: Int64? = nil) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// Parses a decoded `$filter` value.
    init(parsing text: String) throws(GraphError) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw Self.invalid(text, reason: "the filter is empty") }
        var position = 0
        while true {
            guard position + 3 <= words.count else { throw Self.invalid(text, reason: "a comparison is incomplete") }
            let property = words[position]
            let comparison = words[position + 1].lowercased()
            let literal = words[position + 2]
            guard property.lowercased() == "receiveddatetime" else {
                throw Self.invalid(text, reason: "only receivedDateTime can be filtered, not '\(property)'")
            }
            guard let seconds = GraphTimestamp.parse(literal) else {
                throw Self.invalid(
                    text, reason: "'\(literal)' is not an unquoted DateTimeOffset such as 2026-11-21T00:00:00Z")
            }
            let floor = Int64(seconds.rounded(.down))
            let ceiling = Int64(seconds.rounded(.up))
            switch comparison {
            case "ge": lowerBound = max(lowerBound ?? .min, ceiling)
            case "gt": lowerBound = max(lowerBound ?? .min, floor + 1)
            case "lt": upperBound = min(upperBound ?? .max, ceiling)
            case "le": upperBound = min(upperBound ?? .max, floor + 1)
            default: throw Self.invalid(text, reason: "'\(words[position + 1])' is not one of ge, gt, le, lt")
            }
            position += 3
            if position == words.count { return }
            guard words[position].lowercased() == "and" else {
                throw Self.invalid(text, reason: "comparisons can only be joined with 'and', not '\(words[position])'")
            }
            position += 1
        }
    }

    private static func invalid(_ text: String, reason: String) -> GraphError {
        GraphError(
            status: 400, code: "ErrorInvalidUrlQueryFilter",
            message: "The query filter contains one or more invalid nodes: \(reason). The Graph simulator "
                + "supports receivedDateTime ge|gt|le|lt <DateTimeOffset>, joined with 'and'.")
    }
}
