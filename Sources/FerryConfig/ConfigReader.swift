import Foundation

/// Reads typed values out of a ``YAMLNode`` tree, expanding `${VAR}` first and collecting every problem.
///
/// Readers never stop at the first problem: each accessor reports what is wrong and returns `nil`,
/// and the section parsers carry on, so one run of `ferry validate` lists everything.
struct ConfigReader {
    let file: String
    /// `nil` for files that take no `${VAR}` (schema files).
    let interpolation: EnvironmentInterpolation?
    /// How the root mapping is named in messages: "the pipeline", "the schema".
    let rootName: String
    private(set) var diagnostics: [ConfigDiagnostic] = []
    /// Datasets named by the file whose schema files have errors; their problems are the file's too.
    private(set) var brokenSchemas: Set<String> = []

    init(file: String, interpolation: EnvironmentInterpolation?, rootName: String) {
        self.file = file
        self.interpolation = interpolation
        self.rootName = rootName
    }

    /// What the environment gave to the values read so far, longest first: the last-resort redaction
    /// in ``error(_:at:)`` looks for them.
    private var environmentValues: [String] = []

    /// The shortest value ``error(_:at:)`` redacts: shorter text turns up in messages by chance ("0 to 9"),
    /// and is no secret worth the name. Values are quoted through ``ConfigValue/quoted`` in any case.
    static let shortestRedacted = 8

    /// Records a problem. Should a message contain a value the environment gave (the call sites quote
    /// through ``ConfigValue``, so none should), that value is replaced, so no message can carry a secret.
    mutating func error(_ message: String, at position: SourcePosition) {
        var message = message
        for value in environmentValues where message.contains(value) {
            message = message.replacingOccurrences(of: value, with: "<a value from the environment>")
        }
        diagnostics.append(ConfigDiagnostic(file: file, at: position, message))
    }

    /// `parent.key`, or `key` at the root.
    static func path(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    private func place(_ path: String) -> String {
        path.isEmpty ? rootName : "'\(path)'"
    }

    // MARK: Mappings

    /// Opens a mapping, reporting unknown keys (with a "did you mean") and missing required keys.
    ///
    /// An empty value (`transform:` with nothing under it) reads as an empty mapping, so its required
    /// keys are reported as missing rather than the section being skipped.
    mutating func mapping(
        _ node: YAMLNode, at path: String, keys: [String], required: [String] = []
    ) -> ConfigMapping? {
        let entries: [YAMLEntry]
        switch node.content {
        case .mapping(let found):
            entries = found
        case .scalar(let scalar) where scalar.isNull:
            entries = []
        default:
            let subject = path.isEmpty ? "\(rootName) file" : "'\(path)'"
            error(
                "\(subject) must be a mapping with keys \(keys.joined(separator: ", ")), not \(node.kindDescription)",
                at: node.position)
            return nil
        }
        for entry in entries where !keys.contains(entry.key) {
            var message = "unknown key '\(ConfigValue.shortened(entry.key))' in \(place(path))"
            if let nearest = Suggestion.nearest(to: entry.key, in: keys) {
                message += "; did you mean '\(nearest)'?"
            } else {
                message += "; valid keys are \(keys.joined(separator: ", "))"
            }
            error(message, at: entry.keyPosition)
        }
        let mapping = ConfigMapping(position: node.position, entries: entries.filter { keys.contains($0.key) })
        for key in required where mapping[key] == nil {
            error("missing required key '\(Self.path(path, key))'", at: node.position)
        }
        return mapping
    }

    /// Records that the file names `dataset`, whose schema file has errors.
    mutating func uses(brokenSchema dataset: String) {
        brokenSchemas.insert(dataset)
    }

    // MARK: Scalars

    /// The scalar's text after `${VAR}` expansion; `nil` (reported) for a list, a mapping or a bad reference.
    ///
    /// Messages name the key, the expected form and the kind of node found, never the value's text;
    /// callers that quote a wrong value do it through ``ConfigValue/quoted``.
    mutating func value(_ node: YAMLNode, at path: String, expected: String) -> ConfigValue? {
        guard case .scalar(let scalar) = node.content else {
            error("'\(path)' must be \(expected), not \(node.kindDescription)", at: node.position)
            return nil
        }
        if scalar.isNull {
            error("'\(path)' must be \(expected), not empty", at: node.position)
            return nil
        }
        guard let interpolation else { return ConfigValue(text: scalar.text, written: "") }
        switch interpolation.expansion(of: scalar.text) {
        case .success(let expansion):
            remember(expansion.substitutions)
            return ConfigValue(text: expansion.text, written: scalar.text)
        case .failure(let failure):
            // One value can name thousands of variables; a few messages say enough.
            let shown = 10
            for problem in failure.problems.prefix(shown) {
                error(Self.message(for: problem, at: path), at: node.position)
            }
            if failure.problems.count > shown {
                error("\(failure.problems.count - shown) more problems with variables in '\(path)'", at: node.position)
            }
            return nil
        }
    }

    /// The expanded text alone, for values no message quotes.
    mutating func text(_ node: YAMLNode, at path: String, expected: String) -> String? {
        value(node, at: path, expected: expected)?.text
    }

    private mutating func remember(_ substitutions: [String]) {
        let long = substitutions.filter { $0.count >= Self.shortestRedacted && !environmentValues.contains($0) }
        guard !long.isEmpty else { return }
        environmentValues = (environmentValues + long).sorted { $0.count > $1.count }
    }

    /// How a message quotes a scalar's value: as the file wrote it, or, when `${VAR}` brought it from
    /// the environment (where secrets live), by the reference alone (see ``ConfigValue/quoted``).
    func quoted(_ text: String, of node: YAMLNode) -> String {
        guard interpolation != nil, case .scalar(let scalar) = node.content else { return "'\(text)'" }
        return ConfigValue(text: text, written: scalar.text).quoted
    }

    private static func message(for problem: EnvironmentInterpolation.Problem, at path: String) -> String {
        switch problem {
        case .missing(let variable):
            "environment variable \(variable) is not set (in '\(path)'); set it, or give a default with ${\(variable):-value}"
        case .unterminated:
            "unterminated '${' in '\(path)'; close it with '}', or write '$$' for a literal '$'"
        case .badName:
            "invalid variable reference in '\(path)': write ${NAME} or ${NAME:-default}, where NAME uses letters, "
                + "digits and '_' and does not start with a digit; write '$$' for a literal '$'"
        case .tooDeep:
            "'${...:-default}' references in '\(path)' nest more than \(EnvironmentInterpolation.maximumNesting) deep; "
                + "nest fewer defaults"
        case .tooLong:
            "the variables in '\(path)' expand to more than \(EnvironmentInterpolation.maximumLength / 1024) KB; "
                + "reference them fewer times"
        }
    }

    /// A non-empty string. Its messages never echo the value, so it is the accessor for secrets.
    mutating func string(_ node: YAMLNode, at path: String) -> String? {
        stringValue(node, at: path)?.text
    }

    /// A non-empty string that knows whether it came from the environment, for messages that quote it.
    mutating func stringValue(_ node: YAMLNode, at path: String) -> ConfigValue? {
        guard let value = value(node, at: path, expected: "a string") else { return nil }
        guard !value.text.isEmpty else {
            error("'\(path)' must not be empty", at: node.position)
            return nil
        }
        return value
    }

    /// An integer within `range`.
    mutating func integer(_ node: YAMLNode, at path: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let value = value(node, at: path, expected: expected) else { return nil }
        guard let number = Int(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            error("'\(path)' must be \(expected), not \(value)", at: node.position)
            return nil
        }
        return number
    }

    /// `true` or `false` (any capitalization).
    mutating func bool(_ node: YAMLNode, at path: String) -> Bool? {
        guard let value = value(node, at: path, expected: "true or false") else { return nil }
        switch value.text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error("'\(path)' must be true or false, not \(value)", at: node.position)
            return nil
        }
    }

    /// One of the enum's raw values.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, at path: String, of type: Choice.Type = Choice.self
    ) -> Choice? where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        return choice(node, at: path, among: names).flatMap(Choice.init(rawValue:))
    }

    /// One of `names`, with a "did you mean" for a near miss.
    mutating func choice(_ node: YAMLNode, at path: String, among names: [String]) -> String? {
        let expected = "one of \(names.joined(separator: ", "))"
        guard let value = value(node, at: path, expected: expected) else { return nil }
        guard names.contains(value.text) else {
            error(
                "'\(path)' must be \(expected), not \(value)" + Suggestion.didYouMean(value.text, in: names),
                at: node.position)
            return nil
        }
        return value.text
    }
}

/// The known entries of a mapping opened by ``ConfigReader/mapping(_:at:keys:required:)``.
struct ConfigMapping {
    /// Where the mapping starts, for "missing key" problems found later.
    var position: SourcePosition
    var entries: [YAMLEntry]

    subscript(key: String) -> YAMLNode? {
        entries.first { $0.key == key }?.value
    }
}
