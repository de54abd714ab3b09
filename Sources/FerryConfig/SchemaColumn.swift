import FerryCore

/// Reads one entry of a schema file's `columns:` into a ``Column``.
enum SchemaColumn {
    static let keys = ["name", "type", "source", "personal"]

    /// The column, or `nil` with its problems reported to `reader`.
    static func read(
        _ node: YAMLNode, at path: String, fanout: GraphCollection.Fanout?, reader: inout ConfigReader
    ) -> Column? {
        guard let mapping = reader.mapping(node, at: path, keys: keys, required: ["name", "type"]) else { return nil }
        let before = reader.diagnostics.count

        var name: String?
        if let node = mapping["name"], let text = reader.string(node, at: "\(path).name") {
            let first = text.unicodeScalars.first.map { !("0"..."9").contains($0) } ?? false
            if first && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                name = text
            } else {
                reader.error(
                    "'\(path).name' must be letters, digits and '_', not starting with a digit, not '\(text)'",
                    at: node.position)
            }
        }
        var type: ColumnType?
        if let node = mapping["type"], let text = reader.string(node, at: "\(path).type") {
            type = ColumnType(parsing: text)
            if type == nil {
                let names = ColumnType.allNames
                reader.error(
                    "'\(path).type' must be one of \(names.joined(separator: ", ")), not '\(text)'"
                        + Suggestion.didYouMean(text, in: names),
                    at: node.position)
            }
        }
        let source = readSource(mapping["source"], name: name, at: "\(path).source", fanout: fanout, reader: &reader)
        var personal: PersonalData?
        if let node = mapping["personal"] {
            personal = readPersonal(node, type: type, at: "\(path).personal", reader: &reader)
        }
        guard reader.diagnostics.count == before, let name, let type, let source else { return nil }
        return Column(name: name, type: type, source: source, personal: personal)
    }

    /// `fanout` is `nil` when the collection could not be read; `$user` and `$group` are then both accepted.
    private static func readSource(
        _ node: YAMLNode?, name: String?, at path: String, fanout: GraphCollection.Fanout?, reader: inout ConfigReader
    ) -> Column.Source? {
        guard let node else {
            return name.flatMap(JSONPath.init(parsing:)).map(Column.Source.graph)
        }
        let expected = "$user, $group, $tenant or a JSON path like from.emailAddress.address"
        guard let text = reader.text(node, at: path, expected: expected) else { return nil }
        switch text {
        case "$user", "$group":
            let owner = String(text.dropFirst())
            guard let fanout, fanout.owner != owner else { return .user }
            let hint = fanout.owner.map { "; use $\($0) for the \($0) it was read for" } ?? ""
            reader.error(
                "'\(path)' is \(text), which only per_\(owner) collections have; this collection's fanout is "
                    + fanout.rawValue + hint,
                at: node.position)
            return nil
        case "$tenant":
            return .tenant
        default:
            if let annotation = annotationKey(text) {
                return .graph(JSONPath(segments: [.key(annotation)]))
            }
            guard !text.hasPrefix("$"), !text.hasPrefix("@"), let jsonPath = JSONPath(parsing: text) else {
                reader.error("'\(path)' must be \(expected), not '\(text)'", at: node.position)
                return nil
            }
            return .graph(jsonPath)
        }
    }

    /// An OData annotation such as `@odata.type`: one member of the record whose name has dots in it.
    private static func annotationKey(_ text: String) -> String? {
        guard text.hasPrefix("@"), text.count > 1,
            text.dropFirst().allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }),
            !text.hasSuffix(".")
        else { return nil }
        return text
    }

    private static func readPersonal(
        _ node: YAMLNode, type: ColumnType?, at path: String, reader: inout ConfigReader
    ) -> PersonalData? {
        let kinds = PersonalDataKind.allCases.map(\.rawValue)
        guard case .mapping(let entries) = node.content else {
            return reader.choice(node, at: path, of: PersonalDataKind.self).map(PersonalData.value)
        }
        if let type, type != .json, type != .array(.json) {
            reader.error(
                "'\(path)' lists paths inside the value, which only json columns have; "
                    + "give one kind (\(kinds.joined(separator: ", "))) for a \(type) column",
                at: node.position)
            return nil
        }
        guard entries.contains(where: { $0.key != otherKey }) else {
            reader.error(
                "'\(path)' must map at least one path to a kind; for a value that is personal data as a whole, "
                    + "give one kind (\(kinds.joined(separator: ", ")))",
                at: node.position)
            return nil
        }
        var nested: [NestedPersonalData] = []
        var other = PersonalDataKind.text
        var valid = true
        for entry in entries {
            if entry.key == otherKey {
                // Every value inside at none of the paths.
                if let kind = reader.choice(entry.value, at: "\(path).\(entry.key)", of: PersonalDataKind.self) {
                    other = kind
                } else {
                    valid = false
                }
                continue
            }
            guard let jsonPath = JSONPath(parsing: entry.key) else {
                reader.error(
                    "'\(path)' keys must be JSON paths like emailAddress.address or [].emailAddress.address, "
                        + "or \"\(otherKey)\" for every other value inside, not '\(entry.key)'",
                    at: entry.keyPosition)
                valid = false
                continue
            }
            guard let text = reader.choice(entry.value, at: "\(path).\(entry.key)", among: kinds + [notPersonal]) else {
                valid = false
                continue
            }
            if let earlier = nested.first(where: { overlap($0.path, jsonPath) }) {
                reader.error(
                    "'\(path)' marks '\(entry.key)' and '\(earlier.path)', which overlap: a path may not end where "
                        + "another ends or passes; mark either the whole value or the values inside it",
                    at: entry.keyPosition)
                valid = false
                continue
            }
            nested.append(NestedPersonalData(path: jsonPath, kind: PersonalDataKind(rawValue: text)))
        }
        return valid ? .nested(nested, other: other) : nil
    }

    /// The key of a nested column's `personal:` that gives the kind of every value at none of its paths.
    static let otherKey = "*"
    /// The kind of a path known to hold no personal data (a response status, a time), kept as it is.
    static let notPersonal = "none"

    /// Whether one path ends where the other ends or passes.
    private static func overlap(_ a: JSONPath, _ b: JSONPath) -> Bool {
        a.segments.starts(with: b.segments) || b.segments.starts(with: a.segments)
    }
}
