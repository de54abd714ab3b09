import FerryCore

/// How personal data is pseudonymized (the pipeline's `transform.pseudonymize:`).
public struct PseudonymizeConfig: Sendable {
    /// The HMAC key; never written anywhere.
    public var key: Secret
    /// The mode for each kind of personal data; every kind is present.
    public var modes: [PersonalDataKind: PseudonymMode]
    /// Modes for single columns, by dataset then column (`columns: {dataset.column: mode}`), which win
    /// over `modes`.
    public var columnModes: [String: [String: PseudonymMode]]

    public init(
        key: Secret, modes: [PersonalDataKind: PseudonymMode] = [:], columnModes: [String: [String: PseudonymMode]] = [:]
    ) {
        self.key = key
        self.modes = Dictionary(
            uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, modes[$0] ?? PseudonymMode.defaultMode(for: $0)) })
        self.columnModes = columnModes
    }

    /// The shortest key accepted: a short key makes pseudonyms guessable by brute force.
    static let minimumKeyLength = 16

    /// Reads `transform.pseudonymize:`. Without a usable key it is an error, never a silent pass-through.
    static func read(_ node: YAMLNode, catalog: SchemaCatalog?, reader: inout ConfigReader) -> PseudonymizeConfig? {
        let path = "transform.pseudonymize"
        guard let mapping = reader.mapping(node, at: path, keys: ["key", "modes", "columns"], required: ["key"])
        else { return nil }
        var valid = true
        var key: String?
        if let node = mapping["key"], let text = reader.string(node, at: "\(path).key") {
            if text.count < minimumKeyLength {
                reader.error(
                    "'\(path).key' must be at least \(minimumKeyLength) characters long; "
                        + "use a long random value, such as the output of `openssl rand -hex 32`",
                    at: node.position)
                valid = false
            } else {
                key = text
            }
        }
        var modes: [PersonalDataKind: PseudonymMode] = [:]
        if let node = mapping["modes"] {
            let kinds = PersonalDataKind.allCases.map(\.rawValue)
            if let modesMapping = reader.mapping(node, at: "\(path).modes", keys: kinds) {
                for entry in modesMapping.entries {
                    guard let kind = PersonalDataKind(rawValue: entry.key),
                        let mode = reader.choice(entry.value, at: "\(path).modes.\(entry.key)", of: PseudonymMode.self)
                    else {
                        valid = false
                        continue
                    }
                    modes[kind] = mode
                }
            } else {
                valid = false
            }
        }
        var columnModes: [String: [String: PseudonymMode]] = [:]
        if let node = mapping["columns"] {
            if let read = readColumnModes(node, catalog: catalog, reader: &reader) { columnModes = read } else { valid = false }
        }
        guard valid, let key else { return nil }
        return PseudonymizeConfig(key: Secret(key), modes: modes, columnModes: columnModes)
    }

    /// Reads `columns: {"dataset.column": mode}`, checking each column exists in its schema.
    private static func readColumnModes(
        _ node: YAMLNode, catalog: SchemaCatalog?, reader: inout ConfigReader
    ) -> [String: [String: PseudonymMode]]? {
        let path = "transform.pseudonymize.columns"
        guard case .mapping(let entries) = node.content else {
            if node.isNull { return [:] }
            reader.error(
                "'\(path)' must be a mapping of \"dataset.column\": mode, not \(node.kindDescription)", at: node.position)
            return nil
        }
        var modes: [String: [String: PseudonymMode]] = [:]
        var valid = true
        for entry in entries {
            let parts = entry.key.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                reader.error("keys of '\(path)' must look like dataset.column, not '\(entry.key)'", at: entry.keyPosition)
                valid = false
                continue
            }
            if let catalog, catalog.isBroken(parts[0]) {
                reader.uses(brokenSchema: parts[0])
            } else if let catalog {
                if let schema = catalog.schema(named: parts[0]) {
                    if schema.column(named: parts[1]) == nil {
                        let names = schema.columns.map(\.name)
                        var message = "unknown column '\(parts[1])' of dataset '\(parts[0])'"
                        if let nearest = Suggestion.nearest(to: parts[1], in: names) {
                            message += "; did you mean '\(nearest)'?"
                        } else {
                            message += " (columns: \(names.joined(separator: ", ")))"
                        }
                        reader.error(message, at: entry.keyPosition)
                        valid = false
                    }
                } else {
                    reader.error(catalog.unknownDatasetMessage(parts[0]), at: entry.keyPosition)
                    valid = false
                }
            }
            guard let mode = reader.choice(entry.value, at: "\(path).\(entry.key)", of: PseudonymMode.self) else {
                valid = false
                continue
            }
            modes[parts[0], default: [:]][parts[1]] = mode
        }
        return valid ? modes : nil
    }
}
