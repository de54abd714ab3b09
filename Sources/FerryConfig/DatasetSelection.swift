import FerryCore

/// One entry of the pipeline's `datasets:`, resolved to its schema from the catalog.
public struct DatasetSelection: Sendable {
    /// How successive runs read a dataset.
    public enum Incremental: String, Sendable, Equatable, CaseIterable {
        /// Every run reads the window (or, without a date column, everything) again.
        case window
        /// Graph delta queries: the first run reads everything, later runs only what was added, changed
        /// or deleted since, written as a change feed (`_change`: upsert, deleted, resync).
        case delta
    }

    public var schema: DatasetSchema
    public var incremental: Incremental

    public init(schema: DatasetSchema, incremental: Incremental = .window) {
        self.schema = schema
        self.incremental = incremental
    }

    static let keys = ["dataset", "incremental"]

    /// Reads `datasets:`, a non-empty list of `{dataset: NAME}` naming schemas in `catalog`.
    ///
    /// `catalog` is `nil` when no schemas could be read; names are then checked for form only.
    static func readAll(_ node: YAMLNode, catalog: SchemaCatalog?, reader: inout ConfigReader) -> [DatasetSelection]? {
        guard case .sequence(let items) = node.content else {
            reader.error(
                "'datasets' must be a list of {dataset: NAME} entries, not \(node.kindDescription)", at: node.position)
            return nil
        }
        guard !items.isEmpty else {
            reader.error("'datasets' must list at least one dataset", at: node.position)
            return nil
        }
        var selections: [DatasetSelection] = []
        var seen: [String: SourcePosition] = [:]
        var directory: (name: String, position: SourcePosition)?
        var valid = true
        for (index, item) in items.enumerated() {
            let path = "datasets[\(index)]"
            if case .scalar(let scalar) = item.content, !scalar.isNull {
                reader.error(
                    "each entry of 'datasets' must be a mapping like {dataset: \(scalar.text)}, not a single value",
                    at: item.position)
                valid = false
                continue
            }
            guard let mapping = reader.mapping(item, at: path, keys: keys, required: ["dataset"]),
                let nameNode = mapping["dataset"], let value = reader.stringValue(nameNode, at: "\(path).dataset")
            else {
                valid = false
                continue
            }
            let name = value.text
            if let first = seen[name] {
                reader.error(
                    "duplicate dataset \(value); it is already listed at line \(first.line)", at: nameNode.position)
                valid = false
                continue
            }
            seen[name] = nameNode.position
            var incremental = DatasetSelection.Incremental.window
            if let node = mapping["incremental"] {
                guard let chosen = reader.choice(node, at: "\(path).incremental", of: Incremental.self) else {
                    valid = false
                    continue
                }
                incremental = chosen
            }
            guard let catalog else { continue }
            guard let schema = catalog.schema(named: name) else {
                // A schema file that exists but has errors is reported there, not as an unknown dataset.
                if catalog.isBroken(name) {
                    reader.uses(brokenSchema: name)
                } else {
                    reader.error(catalog.unknownDatasetMessage(value), at: nameNode.position)
                }
                valid = false
                continue
            }
            if incremental == .delta, schema.collection.deltaPath == nil {
                let deltas = catalog.schemas.values.filter { $0.collection.deltaPath != nil }.map(\.name).sorted()
                reader.error(
                    "dataset \(value) has no delta query (its schema sets no collection.delta_path); "
                        + "incremental: delta works for \(deltas.joined(separator: ", "))",
                    at: mapping["incremental"]?.position ?? nameNode.position)
                valid = false
                continue
            }
            // The fan-out lists one user directory; a second one would be committed empty.
            if schema.isUserDirectory {
                if let first = directory {
                    reader.error(
                        "datasets '\(first.name)' (line \(first.position.line)) and \(value) are both the user directory "
                            + "(role: user_directory); select one of them",
                        at: nameNode.position)
                    valid = false
                    continue
                }
                directory = (name, nameNode.position)
            }
            selections.append(DatasetSelection(schema: schema, incremental: incremental))
        }
        return valid && catalog != nil ? selections : nil
    }
}
