import FerryCore

/// Everything `LineProjector` decides once per run from a `ProjectionPlan`: how to write each column,
/// the keys to look for, the trees of nested rules.
struct LinePlan {
    var columns: [LineColumn] = []
    /// For each column, the path below its top-level property, for the generic path.
    var restPaths: [JSONPath?] = []
    /// Key tables; the first holds the top-level properties the columns read.
    var keys = KeyDirectory()
    /// Key tables of the steps of `start.dateTime`-like paths.
    var steps: [Int] = []
    var rules = NestedRules()
    var propertyCount = 0
    /// What the line format writes before each column's value: `{"name":` (the first) or `,"name":` in
    /// JSON Lines.
    let prefixes: [[UInt8]]

    init(_ plan: ProjectionPlan, prefixes: [[UInt8]]) {
        self.prefixes = prefixes
        var properties: [String] = []
        for column in plan.columns {
            if case .graph(let path) = column.source, case .key(let head)? = path.segments.first,
                !properties.contains(head)
            {
                properties.append(head)
            }
        }
        propertyCount = properties.count
        _ = keys.add(properties)
        for (index, column) in plan.columns.enumerated() {
            var line = LineColumn(
                source: .absent, property: 0, steps: 0..<0, kind: LineColumn.Kind(column.type),
                wholeMode: column.whole.flatMap { $0.mode == .keep ? nil : $0.mode }, wholeKind: column.whole?.kind ?? .text,
                nestedRoot: -1, isDateColumn: index == plan.dateColumnIndex, copiesMember: false)
            var rest: JSONPath?
            switch column.source {
            case .user: line.source = .user
            case .tenant: line.source = .tenant
            case .graph(let path):
                if case .key(let head)? = path.segments.first, let property = properties.firstIndex(of: head) {
                    line.property = property
                    let segments = Array(path.segments.dropFirst())
                    let stepKeys = segments.compactMap { segment -> String? in
                        if case .key(let key) = segment { return key }
                        return nil
                    }
                    rest = segments.isEmpty ? nil : JSONPath(segments: segments)
                    if stepKeys.count == segments.count {
                        line.source = .property
                        let start = steps.count
                        steps.append(contentsOf: stepKeys.map { keys.add([$0]) })
                        line.steps = start..<steps.count
                    } else {
                        line.source = .path
                    }
                }
            }
            if let nested = column.nested {
                line.nestedRoot = rules.add(nested, keys: &keys)
            }
            // The record's `,"name":` is the line's only when writing the name escapes nothing.
            line.copiesMember =
                index > 0 && line.source == .property && line.steps.isEmpty && line.wholeMode == nil && line.nestedRoot < 0
                && !line.isDateColumn && properties[line.property] == column.name
                && prefixes[index] == Array(",\"\(column.name)\":".utf8)
            columns.append(line)
            restPaths.append(rest)
        }
    }
}
