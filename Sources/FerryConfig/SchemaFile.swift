import FerryCore

/// Reads one schema file (`schemas/<dataset>.yaml`) into a ``DatasetSchema``.
enum SchemaFile {
    static let keys = ["dataset", "version", "modelled_on", "role", "collection", "date_column", "columns", "permissions", "basic_permission"]

    /// The schema, or `nil` with its problems in `reader`. `expectedName` is the file's name without extension.
    static func read(_ root: YAMLNode, expectedName: String, reader: inout ConfigReader) -> DatasetSchema? {
        guard
            let mapping = reader.mapping(
                root, at: "", keys: keys, required: ["dataset", "version", "collection", "columns"])
        else { return nil }
        let before = reader.diagnostics.count

        var name: String?
        if let node = mapping["dataset"], let text = reader.string(node, at: "dataset") {
            if !text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                reader.error(
                    "'dataset' must use only lowercase letters, digits and '_', not '\(text)'", at: node.position)
            } else if text != expectedName {
                reader.error(
                    "'dataset' is '\(text)' but the file is named '\(expectedName)'; name the file after its dataset",
                    at: node.position)
            } else {
                name = text
            }
        }
        let version = mapping["version"].flatMap {
            reader.integer($0, at: "version", in: 1...Int.max, expected: "a positive integer")
        }
        let modelledOn = mapping["modelled_on"].flatMap { reader.string($0, at: "modelled_on") }
        let reading = mapping["collection"].flatMap { SchemaCollection.read($0, reader: &reader) }
        let permissions = mapping["permissions"].map { readPermissions($0, reader: &reader) } ?? []
        let basicPermission = mapping["basic_permission"].flatMap { readBasicPermission($0, reader: &reader) }
        let role = mapping["role"].flatMap { reader.choice($0, at: "role", of: DatasetSchema.Role.self) }
        if let role, let collection = reading?.collection, collection.fanout != .tenant
            || collection.shape != .collection, let node = mapping["role"]
        {
            reader.error(
                "'role: \(role.rawValue)' needs a collection of the whole tenant (fanout: tenant, shape: collection)",
                at: node.position)
        }
        var columns: [Column] = []
        var writtenNames: Set<String> = []
        if let node = mapping["columns"] {
            // Without a readable fanout $user and $group are both accepted, so that a broken fanout is not
            // reported again on every column.
            let fanout = reading?.collection.fanout ?? mapping["collection"].flatMap(SchemaCollection.fanout(of:))
            (columns, writtenNames) = readColumns(node, fanout: fanout, reader: &reader)
        }
        var dateColumn: String?
        if let node = mapping["date_column"], let text = reader.string(node, at: "date_column") {
            if let column = columns.first(where: { $0.name == text }) {
                if column.type == .timestamp {
                    dateColumn = text
                } else {
                    reader.error(
                        "'date_column' must name a timestamp column; '\(text)' is \(column.type)", at: node.position)
                }
            } else if !writtenNames.contains(text) {
                reader.error(
                    "'date_column' names no column: '\(text)'"
                        + Suggestion.didYouMean(text, in: columns.map(\.name)),
                    at: node.position)
            }
        }
        if let reading {
            SchemaCollection.checkWindow(reading, hasDateColumn: mapping["date_column"] != nil, reader: &reader)
        }
        guard reader.diagnostics.count == before, let name, let version, let reading else { return nil }
        return DatasetSchema(
            name: name, version: version, modelledOn: modelledOn, collection: reading.collection,
            dateColumn: dateColumn, columns: columns, role: role, permissions: permissions,
            basicPermission: basicPermission)
    }

    /// `basic_permission: {permission: Mail.ReadBasic.All, withholds: [body, bodyPreview, uniqueBody]}`.
    private static func readBasicPermission(_ node: YAMLNode, reader: inout ConfigReader) -> DatasetSchema.BasicPermission? {
        guard let mapping = reader.mapping(
            node, at: "basic_permission", keys: ["permission", "withholds"], required: ["permission", "withholds"]),
            let permissionNode = mapping["permission"], let withholdsNode = mapping["withholds"]
        else { return nil }
        let permission = readPermissions(
            YAMLNode(content: .sequence([permissionNode]), position: permissionNode.position), reader: &reader)
        guard case .sequence(let items) = withholdsNode.content, !items.isEmpty else {
            reader.error(
                "'basic_permission.withholds' must be a non-empty list of the Graph properties the permission does not read",
                at: withholdsNode.position)
            return nil
        }
        var withholds: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = reader.string(item, at: "basic_permission.withholds[\(index)]") else { return nil }
            withholds.append(text)
        }
        guard let first = permission.first else { return nil }
        return DatasetSchema.BasicPermission(permission: first, withholds: withholds)
    }

    /// `permissions:`, a non-empty list of Graph permission names such as `Mail.Read` or `User.Read.All`.
    private static func readPermissions(_ node: YAMLNode, reader: inout ConfigReader) -> [String] {
        guard case .sequence(let items) = node.content, !items.isEmpty else {
            reader.error("'permissions' must be a non-empty list of Graph application permissions, such as [Mail.Read]", at: node.position)
            return []
        }
        var permissions: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = reader.string(item, at: "permissions[\(index)]") else { continue }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.allSatisfy({ part in
                part.first?.isUppercase == true && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }) else {
                reader.error(
                    "'\(text)' is not a Graph permission name; write it as Graph does, such as Mail.Read or User.Read.All",
                    at: item.position)
                continue
            }
            permissions.append(text)
        }
        return permissions
    }

    private static func readColumns(
        _ node: YAMLNode, fanout: GraphCollection.Fanout?, reader: inout ConfigReader
    ) -> (columns: [Column], writtenNames: Set<String>) {
        guard case .sequence(let items) = node.content, !items.isEmpty else {
            reader.error("'columns' must be a non-empty list of columns", at: node.position)
            return ([], [])
        }
        var columns: [Column] = []
        var seen: [String: SourcePosition] = [:]
        for (index, item) in items.enumerated() {
            // Duplicates are found by the written name, even when the first column has other problems.
            if case .mapping(let entries) = item.content, let name = entries.first(where: { $0.key == "name" })?.value,
                case .scalar(let scalar) = name.content, !scalar.isNull
            {
                if let first = seen[scalar.text] {
                    reader.error(
                        "duplicate column '\(scalar.text)'; it is already defined at line \(first.line)",
                        at: name.position)
                    continue
                }
                seen[scalar.text] = name.position
            }
            if let column = SchemaColumn.read(item, at: "columns[\(index)]", fanout: fanout, reader: &reader) {
                columns.append(column)
            }
        }
        return (columns, Set(seen.keys))
    }
}
