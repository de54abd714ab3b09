import FerryCore

/// What projection does to each column of a dataset, decided once per run rather than per record.
public struct ProjectionPlan: Sendable {
    /// A column as it will be written: its value's origin, type, and what pseudonymization does to it.
    public struct PlannedColumn: Sendable {
        public var name: String
        public var type: ColumnType
        public var source: Column.Source
        /// For a column that is personal data as a whole: its kind and mode.
        public var whole: (kind: PersonalDataKind, mode: PseudonymMode)?
        /// For a nested column with anything to pseudonymize: what is known inside it and what every other
        /// value gets. Nil when every mode in it keeps (or the column has no nested personal data).
        public var nested: NestedPlan?
    }

    /// What pseudonymization does inside a nested column. Fails closed: a value at none of the paths is
    /// personal data of the column's `other` kind, and a value of another shape than the paths describe
    /// (a string where they go into an object, an object where they go into an array) refuses the record.
    public struct NestedPlan: Sendable {
        /// Every path the schema names, with its kind (nil: known to hold no personal data) and mode.
        public var paths: [(path: JSONPath, kind: PersonalDataKind?, mode: PseudonymMode)]
        /// The kind and mode of every value inside at none of the paths.
        public var other: (kind: PersonalDataKind, mode: PseudonymMode)
        let tree: PersonalTree
    }

    public let schema: DatasetSchema
    /// The output columns in order; columns whose mode is `drop` are not among them.
    public let columns: [PlannedColumn]
    /// The position of the schema's date column among `columns`, for partitioning.
    public let dateColumnIndex: Int?
    let pseudonymizer: Pseudonymizer?
    /// Shared by every projector made from this plan (and its copies); present with a pseudonymizer.
    let pseudonymCaches: PseudonymCachePool?
    /// For each top-level Graph property the columns read, those columns and the rest of their path:
    /// a record's members are visited once instead of searched once per column.
    let columnsByProperty: [String: [(column: Int, rest: JSONPath?)]]

    /// Plans the projection of `schema`.
    ///
    /// - Parameters:
    ///   - modes: the mode for each kind of personal data; kinds not listed are kept.
    ///   - columnModes: modes for single columns by name, overriding `modes`.
    ///   - pseudonymizer: needed whenever a mode hashes.
    /// What decides the content of every line, as text: the key (by its id), the schema and each
    /// column's source, type and pseudonym modes. Two processes of one run must agree on it before the
    /// second adds lines to the first's files (`DatasetWriter`'s `settings`).
    public var fingerprint: String {
        var lines = ["key \(pseudonymizer?.keyId ?? "none")", "dataset \(schema.name) v\(schema.version) date \(schema.dateColumn ?? "-")"]
        for column in columns {
            var line = "\(column.name) \(column.type) \(column.source)"
            if let whole = column.whole { line += " \(whole.kind):\(whole.mode)" }
            if let nested = column.nested {
                line += nested.paths.map { " \($0.path):\($0.kind.map { "\($0)" } ?? "-"):\($0.mode)" }.joined()
                line += " other \(nested.other.kind):\(nested.other.mode)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    public init(
        schema: DatasetSchema, modes: [PersonalDataKind: PseudonymMode], columnModes: [String: PseudonymMode] = [:],
        pseudonymizer: Pseudonymizer?
    ) throws(TransformError) {
        for name in columnModes.keys where schema.column(named: name) == nil {
            throw TransformError.unknownColumn(name, dataset: schema.name)
        }
        var planned: [PlannedColumn] = []
        var needsKey = false
        for column in schema.columns {
            func mode(for kind: PersonalDataKind) -> PseudonymMode {
                columnModes[column.name] ?? modes[kind] ?? .keep
            }
            var entry = PlannedColumn(name: column.name, type: column.type, source: column.source, whole: nil, nested: nil)
            switch column.personal {
            case nil:
                break
            case .value(let kind):
                let chosen = mode(for: kind)
                if chosen == .drop { continue }
                entry.whole = (kind, chosen)
                needsKey = needsKey || chosen == .hash || chosen == .hashKeepDomain
            case .nested(let values, let other):
                // Values known to hold no personal data are kept in every mode.
                let paths = values.map { (path: $0.path, kind: $0.kind, mode: $0.kind.map(mode(for:)) ?? .keep) }
                let otherMode = mode(for: other)
                let modes = paths.filter { $0.kind != nil }.map { $0.mode } + [otherMode]
                // Kept whole, the value is written as it came: there is nothing to walk into.
                if modes.allSatisfy({ $0 == .keep }) { break }
                let tree = try PersonalTree.build(paths, column: column.name, dataset: schema.name)
                entry.nested = NestedPlan(paths: paths, other: (other, otherMode), tree: tree)
                needsKey = needsKey || modes.contains { $0 == .hash || $0 == .hashKeepDomain }
            }
            planned.append(entry)
        }
        if needsKey && pseudonymizer == nil { throw TransformError.missingKey(dataset: schema.name) }
        self.schema = schema
        self.columns = planned
        self.pseudonymizer = pseudonymizer
        self.pseudonymCaches = pseudonymizer.map(PseudonymCachePool.init)
        self.dateColumnIndex = schema.dateColumn.flatMap { date in planned.firstIndex { $0.name == date } }
        var byProperty: [String: [(column: Int, rest: JSONPath?)]] = [:]
        for (index, column) in planned.enumerated() {
            guard case .graph(let path) = column.source, case .key(let head)? = path.segments.first else { continue }
            let rest = path.segments.count > 1 ? JSONPath(segments: Array(path.segments.dropFirst())) : nil
            byProperty[head, default: []].append((index, rest))
        }
        self.columnsByProperty = byProperty
    }

    /// The output column names, in order.
    public var columnNames: [String] { columns.map(\.name) }
}
