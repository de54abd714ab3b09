import Foundation
import Yams

/// Parses YAML text into a ``YAMLNode`` tree that keeps every key's and value's position.
///
/// Yams' `compose` gives nodes with marks; this turns them into Ferry's own tree and turns parser
/// errors into positioned diagnostics with a readable message. ``YAMLLimits`` bounds the text first,
/// so the recursion here and in Yams stays shallow and aliases expand to a bounded tree.
enum YAMLDocument {
    /// The document's root, or `nil` with the diagnostics that explain why (malformed YAML, empty file,
    /// a file beyond ``YAMLLimits``).
    static func parse(_ text: String, file: String) -> (root: YAMLNode?, diagnostics: [ConfigDiagnostic]) {
        // Before Yams sees the text: composing recurses per level and expands every alias.
        if let violation = YAMLLimits.check(text) {
            return (nil, [ConfigDiagnostic(file: file, at: violation.position, violation.message)])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, file: file)])
        } catch {
            return (nil, [ConfigDiagnostic(file: file, at: .start, "cannot parse the YAML: \(error)")])
        }
        guard let node else {
            return (nil, [ConfigDiagnostic(file: file, at: .start, "the file is empty")])
        }
        var diagnostics: [ConfigDiagnostic] = []
        let root = convert(node, file: file, diagnostics: &diagnostics)
        return (root, diagnostics)
    }

    private static func convert(_ node: Node, file: String, diagnostics: inout [ConfigDiagnostic]) -> YAMLNode {
        let position = node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? .start
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain || scalar.style == .any
            return YAMLNode(content: .scalar(YAMLScalar(text: scalar.string, isPlain: plain)), position: position)
        case .sequence(let sequence):
            let items = sequence.map { convert($0, file: file, diagnostics: &diagnostics) }
            return YAMLNode(content: .sequence(items), position: position)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            var seen: [String: SourcePosition] = [:]
            for (keyNode, valueNode) in mapping {
                let keyPosition = keyNode.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? position
                guard case .scalar(let keyScalar) = keyNode else {
                    diagnostics.append(ConfigDiagnostic(
                        file: file, at: keyPosition, "a key must be a plain name, not a list or a mapping"))
                    continue
                }
                let key = keyScalar.string
                if let first = seen[key] {
                    diagnostics.append(ConfigDiagnostic(
                        file: file, at: keyPosition,
                        "duplicate key '\(key)'; it is already set at line \(first.line); keep one"))
                    continue
                }
                seen[key] = keyPosition
                var value = convert(valueNode, file: file, diagnostics: &diagnostics)
                // An empty value (`key:`) has no text of its own to point at: point at its key.
                if value.isNull, case .scalar(let scalar) = value.content, scalar.text.isEmpty {
                    value.position = keyPosition
                }
                entries.append(YAMLEntry(key: key, keyPosition: keyPosition, value: value))
            }
            return YAMLNode(content: .mapping(entries), position: position)
        }
    }

    /// Turns a Yams error into one diagnostic: the parser's own words, never a dump of the Swift enum.
    static func diagnostic(for error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            var message = "malformed YAML: \(problem)"
            var position = SourcePosition(line: mark.line, column: mark.column)
            if let context {
                message += " \(context.text) that starts at line \(context.mark.line), column \(context.mark.column)"
                // The end of the file is no place to look for an unclosed quote or bracket: its start is.
                if problem.contains("end of stream") {
                    position = SourcePosition(line: context.mark.line, column: context.mark.column)
                }
            }
            message += problem.contains("tab")
                ? "; indent with spaces, not tabs" : "; check the indentation and that every quote and bracket is closed"
            return ConfigDiagnostic(file: file, at: position, message)
        case .composer(let context, let problem, let mark, _):
            // The composer words its errors as context first ("expected a single document"), then problem.
            let message = "malformed YAML: " + [context?.text, problem].compactMap { $0 }.joined(separator: " ")
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, let yaml):
            let place = offset.map { position(ofCharacterOffset: $0, in: yaml) } ?? SourcePosition.start
            return ConfigDiagnostic(file: file, at: place, "malformed YAML: \(problem)")
        case .dataCouldNotBeDecoded:
            return ConfigDiagnostic(file: file, at: .start, "the file is not valid UTF-8 text")
        default:
            return ConfigDiagnostic(file: file, at: .start, "cannot parse the YAML: \(error)")
        }
    }

    private static func position(ofCharacterOffset offset: Int, in text: String) -> SourcePosition {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
