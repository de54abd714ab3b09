import CYaml

/// The limits a YAML file must keep before it is composed into a tree, checked on libyaml's event stream.
///
/// Composing a tree recurses once per level of nesting (in Yams and in ``YAMLDocument``), and YAML
/// aliases repeat a whole subtree wherever they appear: a few kilobytes nested thousands of levels
/// deep exhaust the stack, and an 850-byte "billion laughs" file expands to billions of values. libyaml's
/// parser is iterative and its events come in text order, so one pass over them measures both the
/// depth and the size the tree would have, aliases expanded, and stops at the first event beyond a
/// limit, before any tree is built.
enum YAMLLimits {
    /// The largest file read, in bytes; a pipeline or schema file is a few kilobytes.
    static let maximumBytes = 1 << 20
    /// The deepest nesting of lists and mappings; Ferry's files nest four or five levels.
    static let maximumDepth = 64
    /// The most values (scalars, lists and mappings) a file may hold with its aliases expanded.
    static let maximumValues = 100_000
    /// The most scalar text a file may hold with its aliases expanded, in bytes.
    static let maximumExpandedBytes = 4 << 20

    /// What is over a limit, and where.
    struct Violation: Error, Equatable {
        var message: String
        var position: SourcePosition
    }

    /// The first limit `text` goes beyond, or `nil`: within every limit, or malformed (the parser then
    /// reports it, having stopped at the same place).
    static func check(_ text: String) -> Violation? {
        guard text.utf8.count <= maximumBytes else {
            return Violation(
                message: "the file is larger than \(maximumBytes / 1024) KB, far more than any pipeline or schema needs",
                position: .start)
        }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { scan($0) }
    }

    /// The size of a value with its aliases expanded.
    private struct Size {
        var values = 0
        var bytes = 0

        mutating func add(_ other: Size) {
            values += other.values
            bytes += other.bytes
        }

        var isOverLimit: Bool { values > YAMLLimits.maximumValues || bytes > YAMLLimits.maximumExpandedBytes }
    }

    /// A list or mapping whose end has not come yet.
    private struct OpenCollection {
        var size = Size(values: 1)
        var anchor: String?
    }

    private static func scan(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Violation? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var open: [OpenCollection] = []
        var anchors: [String: Size] = [:]
        var total = Size()
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let position = SourcePosition(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            // A value that is complete with this event: its expanded size and its anchor.
            var complete: (size: Size, anchor: String?)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_DOCUMENT_START_EVENT:
                anchors = [:]
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < maximumDepth else {
                    return Violation(
                        message: "lists and mappings nest more than \(maximumDepth) levels deep here; "
                            + "a pipeline or schema file needs a handful",
                        position: position)
                }
                let anchor =
                    event.type == YAML_SEQUENCE_START_EVENT
                    ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                open.append(OpenCollection(anchor: anchor))
                total.add(Size(values: 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let collection = open.popLast() else { return nil }
                if let anchor = collection.anchor { anchors[anchor] = collection.size }
                if !open.isEmpty { open[open.count - 1].size.add(collection.size) }
            case YAML_SCALAR_EVENT:
                complete = (Size(values: 1, bytes: Int(event.data.scalar.length)), name(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                // An undefined alias is the composer's to report.
                guard let anchor = name(event.data.alias.anchor), let size = anchors[anchor] else { return nil }
                complete = (size, nil)
            default:
                break
            }
            guard let complete else {
                if total.isOverLimit { return tooLarge(at: position, alias: false) }
                continue
            }
            if let anchor = complete.anchor { anchors[anchor] = complete.size }
            if !open.isEmpty { open[open.count - 1].size.add(complete.size) }
            total.add(complete.size)
            if total.isOverLimit { return tooLarge(at: position, alias: event.type == YAML_ALIAS_EVENT) }
        }
    }

    private static func tooLarge(at position: SourcePosition, alias: Bool) -> Violation {
        let limit = "\(maximumValues) values or \(maximumExpandedBytes / 1024 / 1024) MB of text"
        return Violation(
            message: alias
                ? "YAML aliases (*name) expand the file beyond \(limit) with this one; write the values out, "
                    + "or repeat fewer of them"
                : "the file holds more than \(limit), far more than any pipeline or schema needs",
            position: position)
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: $0) }
    }
}
