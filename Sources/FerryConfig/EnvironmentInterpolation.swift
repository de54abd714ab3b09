/// Expands `${VAR}`, `${VAR:-default}` and `$$` in a scalar value.
///
/// A default may itself contain `${OTHER}`, and is expanded only when it is used (as in a shell).
/// `${VAR:-default}` uses the default when `VAR` is unset or empty. A `$` followed by anything else
/// stays a literal `$`.
///
/// Expansion takes time linear in the text and its output, and defaults nest at most
/// ``maximumNesting`` deep, so a hostile value can neither exhaust the stack nor take quadratic time.
struct EnvironmentInterpolation: Sendable {
    /// Why a value could not be expanded. Never carries the value's text, which may be a secret.
    enum Problem: Sendable, Hashable {
        case missing(variable: String)
        case unterminated
        case badName
        /// `${A:-${B:-...}}` nested deeper than ``EnvironmentInterpolation/maximumNesting``.
        case tooDeep
        /// The variables' values add up to more than ``EnvironmentInterpolation/maximumLength`` bytes.
        case tooLong
    }

    /// How deep `${...}` references may nest inside defaults; real files nest two or three.
    static let maximumNesting = 16
    /// The most bytes the variables may bring into one value: thousands of references to one long
    /// variable would otherwise multiply it.
    static let maximumLength = 1 << 20

    /// An expanded value and the values of the variables that went into it.
    struct Expansion {
        var text: String
        /// What the environment gave, variable by variable: the parts of `text` a message must never show.
        var substitutions: [String]
    }

    /// Every problem of one value.
    struct Failure: Error {
        var problems: [Problem]
    }

    var environment: [String: String]

    /// The expanded text, or the problems that prevented it (every missing variable, in order).
    func expand(_ text: String) -> Result<String, Failure> {
        expansion(of: text).map(\.text)
    }

    /// The expanded text with the variables' values that went into it, or every problem, each once, in order.
    func expansion(of text: String) -> Result<Expansion, Failure> {
        var scanner = Scanner(characters: Array(text.unicodeScalars))
        var state = State()
        let output = expand(&scanner, evaluate: true, depth: 0, state: &state)
        var seen: Set<Problem> = []
        let unique = state.problems.filter { seen.insert($0).inserted }
        return unique.isEmpty
            ? .success(Expansion(text: output, substitutions: state.substitutions)) : .failure(Failure(problems: unique))
    }

    /// What one expansion collects on its way.
    private struct State {
        var problems: [Problem] = []
        var substitutions: [String] = []
        /// Bytes the variables have brought in so far.
        var substituted = 0
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

    /// Expands until the end of the text or, inside a default (`depth` > 0), until its closing `}`
    /// (left unconsumed).
    private func expand(_ scanner: inout Scanner, evaluate: Bool, depth: Int, state: inout State) -> String {
        var output = String.UnicodeScalarView()
        while !scanner.failed, let character = scanner.current {
            if depth > 0 && character == "}" { break }
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
                guard let value = reference(&scanner, evaluate: evaluate, depth: depth, state: &state) else {
                    return String(output)
                }
                state.substituted += value.utf8.count
                guard state.substituted <= Self.maximumLength else {
                    state.problems.append(.tooLong)
                    scanner.failed = true
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
    private func reference(_ scanner: inout Scanner, evaluate: Bool, depth: Int, state: inout State) -> String? {
        let nameStart = scanner.index
        while let character = scanner.current, Self.isNameCharacter(character) {
            scanner.index += 1
        }
        let name = String(String.UnicodeScalarView(scanner.characters[nameStart..<scanner.index]))
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
            state.problems.append(scanner.current == nil ? .unterminated : .badName)
            scanner.failed = true
            return nil
        }
        let value = environment[name]
        switch scanner.current {
        case "}":
            scanner.index += 1
            if evaluate {
                if let value { state.substitutions.append(value) } else { state.problems.append(.missing(variable: name)) }
            }
            return value ?? ""
        case ":" where scanner.peek(1) == "-":
            scanner.index += 2
            // Checked before going one level down, so the depth of the text never becomes the stack's.
            guard depth < Self.maximumNesting else {
                state.problems.append(.tooDeep)
                scanner.failed = true
                return nil
            }
            let useDefault = value?.isEmpty ?? true
            let fallback = expand(&scanner, evaluate: evaluate && useDefault, depth: depth + 1, state: &state)
            if scanner.failed { return nil }
            guard scanner.current == "}" else {
                state.problems.append(.unterminated)
                scanner.failed = true
                return nil
            }
            scanner.index += 1
            if evaluate && !useDefault, let value { state.substitutions.append(value) }
            return useDefault ? fallback : value
        case nil:
            state.problems.append(.unterminated)
            scanner.failed = true
            return nil
        default:
            state.problems.append(.badName)
            scanner.failed = true
            return nil
        }
    }

    private static func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character) || ("0"..."9").contains(character)
            || character == "_"
    }
}
