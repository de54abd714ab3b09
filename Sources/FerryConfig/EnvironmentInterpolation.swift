/// Expands `${VAR}`, `${VAR:-default}` and `$$` in a scalar value.
///
/// A default may itself contain `${OTHER}`, and is expanded only when it is used (as in a shell).
/// `${VAR:-default}` uses the default when `VAR` is unset or empty. A `$` followed by anything else
/// stays a literal `$`.
struct EnvironmentInterpolation: Sendable {
    /// Why a value could not be expanded. Never carries the value's text, which may be a secret.
    enum Problem: Sendable, Equatable {
        case missing(variable: String)
        case unterminated
        case badName
    }

    /// Every problem of one value.
    struct Failure: Error {
        var problems: [Problem]
    }

    var environment: [String: String]

    /// The expanded text, or the problems that prevented it (every missing variable, in order).
    func expand(_ text: String) -> Result<String, Failure> {
        var scanner = Scanner(characters: Array(text.unicodeScalars))
        var problems: [Problem] = []
        let output = expand(&scanner, evaluate: true, insideDefault: false, problems: &problems)
        var unique: [Problem] = []
        for problem in problems where !unique.contains(problem) {
            unique.append(problem)
        }
        return unique.isEmpty ? .success(output) : .failure(Failure(problems: unique))
    }

    private struct Scanner {
        var characters: [Unicode.Scalar]
        var index = 0
        /// Set at the first malformed reference: nothing after it can be read reliably.
        var failed = false

        var current: Unicode.Scalar? { index < characters.count ? characters[index] : nil }

        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
    }

    /// Expands until the end of the text or, inside a default, until its closing `}` (left unconsumed).
    private func expand(
        _ scanner: inout Scanner, evaluate: Bool, insideDefault: Bool, problems: inout [Problem]
    ) -> String {
        var output = String.UnicodeScalarView()
        while !scanner.failed, let character = scanner.current {
            if insideDefault && character == "}" { break }
            guard character == "$" else {
                output.append(character)
                scanner.index += 1
                continue
            }
            switch scanner.peek(1) {
            case "$":
                output.append("$")
                scanner.index += 2
            case "{":
                scanner.index += 2
                guard let value = reference(&scanner, evaluate: evaluate, problems: &problems) else {
                    return String(output)
                }
                output.append(contentsOf: value.unicodeScalars)
            default:
                output.append("$")
                scanner.index += 1
            }
        }
        return String(output)
    }

    /// Reads `NAME}` or `NAME:-default}` after `${`; `nil` when the text is malformed.
    private func reference(_ scanner: inout Scanner, evaluate: Bool, problems: inout [Problem]) -> String? {
        let nameStart = scanner.index
        while let character = scanner.current, Self.isNameCharacter(character) {
            scanner.index += 1
        }
        let name = String(String.UnicodeScalarView(scanner.characters[nameStart..<scanner.index]))
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            problems.append(scanner.current == nil ? .unterminated : .badName)
            scanner.failed = true
            return nil
        }
        let value = environment[name]
        switch scanner.current {
        case "}":
            scanner.index += 1
            if evaluate && value == nil { problems.append(.missing(variable: name)) }
            return value ?? ""
        case ":" where scanner.peek(1) == "-":
            scanner.index += 2
            let useDefault = value?.isEmpty ?? true
            let fallback = expand(&scanner, evaluate: evaluate && useDefault, insideDefault: true, problems: &problems)
            if scanner.failed { return nil }
            guard scanner.current == "}" else {
                problems.append(.unterminated)
                scanner.failed = true
                return nil
            }
            scanner.index += 1
            return useDefault ? fallback : value
        case nil:
            problems.append(.unterminated)
            scanner.failed = true
            return nil
        default:
            problems.append(.badName)
            scanner.failed = true
            return nil
        }
    }

    private static func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character) || ("0"..."9").contains(character)
            || character == "_"
    }
}
