import FerryCore
import Foundation

/// The repository's schema files (`schemas/*.yaml`), read for the plain shape they have, so that the
/// projection tests run against the real datasets; this test target does not depend on FerryConfig.
enum SchemaFiles {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas")

    /// The schema of dataset `name`.
    static func schema(_ name: String) throws -> DatasetSchema {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        var path = ""
        var fanout = GraphCollection.Fanout.tenant
        var maxPageSize = 100
        var dateColumn: String?
        var columns: [Column] = []
        var column: (name: String, type: String?, source: String?, kind: String?, nested: [(String, String)])?
        func finish() throws {
            guard let current = column else { return }
            guard let typeText = current.type, let type = ColumnType(parsing: typeText) else {
                throw Unreadable(description: "\(name): column \(current.name) has no readable type")
            }
            let source: Column.Source
            switch current.source ?? current.name {
            case "$user", "$group": source = .user
            case "$tenant": source = .tenant
            case let text where text.hasPrefix("@"): source = .graph(JSONPath(segments: [.key(text)]))
            case let text:
                guard let parsed = JSONPath(parsing: text) else { throw Unreadable(description: "\(name): bad path \(text)") }
                source = .graph(parsed)
            }
            var personal: PersonalData?
            if let kind = current.kind, let value = PersonalDataKind(rawValue: kind) {
                personal = .value(value)
            } else if !current.nested.isEmpty {
                // "*" gives the kind of everything else inside; `none` marks a path that holds no personal data.
                var other = PersonalDataKind.text
                var paths: [NestedPersonalData] = []
                for (pathText, kindText) in current.nested {
                    let kind = PersonalDataKind(rawValue: kindText)
                    if pathText == "*", let kind {
                        other = kind
                        continue
                    }
                    guard let path = JSONPath(parsing: pathText), kind != nil || kindText == "none" else {
                        throw Unreadable(description: "\(name): bad personal entry \(pathText): \(kindText)")
                    }
                    paths.append(NestedPersonalData(path: path, kind: kind))
                }
                personal = .nested(paths, other: other)
            }
            columns.append(Column(name: current.name, type: type, source: source, personal: personal))
            column = nil
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = stripComment(String(rawLine))
            let content = line.trimmingCharacters(in: .whitespaces)
            guard !content.isEmpty else { continue }
            let indent = line.prefix { $0 == " " }.count
            if content.hasPrefix("- name:") {
                try finish()
                column = (value(after: "- name:", in: content), nil, nil, nil, [])
                continue
            }
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = unquote(String(content[..<colon]).trimmingCharacters(in: .whitespaces))
            let rest = unquote(String(content[content.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            switch (indent, key) {
            case (0, "date_column"): dateColumn = rest
            case (2, "path") where column == nil: path = rest
            case (2, "fanout") where column == nil: fanout = GraphCollection.Fanout(rawValue: rest) ?? .tenant
            case (2, "max_page_size") where column == nil: maxPageSize = Int(rest) ?? maxPageSize
            case (4, "type"): column?.type = rest
            case (4, "source"): column?.source = rest
            case (4, "personal"): column?.kind = rest.isEmpty ? nil : rest
            case (6...8, _) where column != nil: column?.nested.append((key, rest))
            default: break
            }
        }
        try finish()
        return DatasetSchema(
            name: name, version: 1, collection: GraphCollection(path: path, fanout: fanout, maxPageSize: maxPageSize),
            dateColumn: dateColumn, columns: columns)
    }

    private static func value(after prefix: String, in text: String) -> String {
        unquote(String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces))
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.first == "\"" || text.first == "'", text.last == text.first else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// The line without a `#` comment; a `#` inside quotes is kept.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" && previous == " " {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }
}
