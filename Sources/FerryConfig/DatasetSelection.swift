import FerryCore

/// One entry of the pipeline's `datasets:`, resolved to its schema from the catalog.
public struct DatasetSelection: Sendable {
    public var schema: DatasetSchema

    public init(schema: DatasetSchema) {
        self.schema = schema
    }

    static let keys = ["dataset"]

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
                let nameNode = mapping["dataset"], let name = reader.string(nameNode, at: "\(path).dataset")
            else {
                valid = false
                continue
            }
            if let first = seen[name] {
                reader.error(
                    "duplicate dataset '\(name)'; it is already listed at line \(first.line)", at: nameNode.position)
                valid = false
                continue
            }
            seen[name] = nameNode.position
            guard let catalog else { continue }
            guard let schema = catalog.schema(named: name) else {
                // A schema file that exists but has errors is reported there, not as an unknown dataset.
                if !catalog.brokenNames.contains(name) {
                    reader.error(catalog.unknownDatasetMessage(name), at: nameNode.position)
                }
                valid = false
                continue
            }
            selections.append(DatasetSelection(schema: schema))
        }
        return valid && catalog != nil ? selections : nil
    }
}
