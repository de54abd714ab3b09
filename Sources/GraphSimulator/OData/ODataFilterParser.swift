/// Parses `$filter` text into an `ODataFilter`, checking every property against what the collection allows.
///
/// The grammar is the part of OData that Ferry sends: `prop op literal`, `startswith(prop,'text')`,
/// parentheses, `and`, `or`. Anything else is refused with a 400, as Graph refuses what it cannot evaluate.
struct ODataFilterParser {
    /// Lower-cased property paths (`from/emailaddress/address`) to their types.
    let catalog: [String: FilterType]
    /// The error code for text that does not parse.
    let syntaxErrorCode: String
    /// The error code for a property that cannot be filtered.
    let propertyErrorCode: String
    /// The resource named in error messages (`user`, `message`).
    let resource: String

    func parse(_ text: String) throws(GraphError) -> ODataFilter {
        var tokens = try FilterTokens(text, error: { reason in self.syntaxError(text, reason) })
        let filter = try parseOr(&tokens, text)
        if let extra = tokens.peek {
            throw syntaxError(text, "unexpected '\(extra.text)' after a complete expression")
        }
        return filter
    }

    private func parseOr(_ tokens: inout FilterTokens, _ text: String) throws(GraphError) -> ODataFilter {
        var filter = try parseAnd(&tokens, text)
        while tokens.peek?.isWord("or") == true {
            tokens.advance()
            filter = .or(filter, try parseAnd(&tokens, text))
        }
        return filter
    }

    private func parseAnd(_ tokens: inout FilterTokens, _ text: String) throws(GraphError) -> ODataFilter {
        var filter = try parsePrimary(&tokens, text)
        while tokens.peek?.isWord("and") == true {
            tokens.advance()
            filter = .and(filter, try parsePrimary(&tokens, text))
        }
        return filter
    }

    private func parsePrimary(_ tokens: inout FilterTokens, _ text: String) throws(GraphError) -> ODataFilter {
        guard let token = tokens.next() else { throw syntaxError(text, "an expression is missing at the end") }
        if token.kind == .open {
            let inner = try parseOr(&tokens, text)
            guard tokens.next()?.kind == .close else { throw syntaxError(text, "a ')' is missing") }
            return inner
        }
        guard token.kind == .word else { throw syntaxError(text, "unexpected '\(token.text)'") }
        if token.isWord("startswith") {
            guard tokens.next()?.kind == .open, let name = tokens.next(), name.kind == .word,
                tokens.next()?.kind == .comma, let prefix = tokens.next(), prefix.kind == .string,
                tokens.next()?.kind == .close
            else { throw syntaxError(text, "startswith takes a property and a quoted string: startswith(displayName,'A')") }
            let property = try checkedProperty(name.text, text)
            guard catalog[property] == .string else {
                throw syntaxError(text, "startswith applies to text properties, not '\(name.text)'")
            }
            return .startsWith(property: property, prefix: prefix.text)
        }
        if token.isWord("not") || tokens.peek?.kind == .open {
            throw GraphError(
                status: 400, code: propertyErrorCode,
                message: "The function or operator '\(token.text)' is not supported in $filter on \(resource) by the "
                    + "Graph simulator. It supports eq, ne, gt, ge, lt, le, startswith, and, or.")
        }
        let property = try checkedProperty(token.text, text)
        guard let operatorToken = tokens.next(), operatorToken.kind == .word,
            let comparison = FilterOperator(rawValue: operatorToken.text.lowercased())
        else { throw syntaxError(text, "'\(token.text)' must be followed by eq, ne, gt, ge, lt or le") }
        guard let literalToken = tokens.next() else { throw syntaxError(text, "a value is missing after '\(operatorToken.text)'") }
        let literal = try literal(literalToken, for: property, text)
        return .compare(property: property, comparison, literal)
    }

    private func checkedProperty(_ name: String, _ text: String) throws(GraphError) -> String {
        let property = name.lowercased()
        guard catalog[property] != nil else {
            throw GraphError(
                status: 400, code: propertyErrorCode,
                message: "Unsupported or invalid query filter clause specified for property '\(name)' of resource "
                    + "'\(resource)'.")
        }
        return property
    }

    private func literal(_ token: FilterTokens.Token, for property: String, _ text: String) throws(GraphError) -> FilterLiteral {
        if token.kind == .word, token.isWord("null") { return .null }
        switch catalog[property] {
        case .string:
            guard token.kind == .string else { throw syntaxError(text, "'\(token.text)' must be a quoted string such as 'text'") }
            return .string(token.text)
        case .dateTime:
            guard token.kind == .word, let seconds = GraphTimestamp.parse(token.text) else {
                throw syntaxError(text, "'\(token.text)' is not an unquoted DateTimeOffset such as 2026-11-21T00:00:00Z")
            }
            return .dateTime(seconds)
        case .bool:
            guard token.kind == .word, token.isWord("true") || token.isWord("false") else {
                throw syntaxError(text, "'\(token.text)' must be true or false")
            }
            return .bool(token.isWord("true"))
        case .number:
            guard token.kind == .word, let number = Double(token.text) else {
                throw syntaxError(text, "'\(token.text)' must be a number")
            }
            return .number(number)
        case nil:
            throw syntaxError(text, "unknown property")
        }
    }

    private func syntaxError(_ text: String, _ reason: String) -> GraphError {
        GraphError(
            status: 400, code: syntaxErrorCode,
            message: "Invalid filter clause: \(reason). The query filter was '\(text)'.")
    }
}
