import FerryCore

/// A dataset's columns as a pyarrow schema, written as Python.
///
/// pyarrow's JSON reader parses an object only into a struct, so a nested (`json`) column becomes a
/// struct of the paths its schema declares (all strings: pseudonymized values are hashes or null, and
/// the paths known to hold no personal data are strings in Graph); read with
/// `unexpected_field_behavior="ignore"`, properties not declared are left out. A nested column that
/// declares no path is left out of the schema (DuckDB reads it whole as JSON, Spark as its JSON text).
struct ArrowSchema {
    let schema: DatasetSchema

    /// A tree of the declared paths of a nested column.
    private indirect enum Shape {
        case leaf
        case list(Shape)
        case object([(String, Shape)])
    }

    static func type(_ columnType: ColumnType) -> String? {
        switch columnType {
        case .string: "pa.string()"
        case .int: "pa.int64()"
        case .double: "pa.float64()"
        case .bool: "pa.bool_()"
        case .timestamp: "pa.timestamp(\"ms\", tz=\"UTC\")"
        case .date: "pa.string()"  // pyarrow's JSON reader parses no dates; YYYY-MM-DD text
        case .json: nil
        case .array(let element): Self.type(element).map { "pa.list_(\($0))" }
        }
    }

    var python: String {
        var lines = ["import pyarrow as pa", "", "\(schema.name) = pa.schema(["]
        for column in schema.columns {
            if let type = Self.type(column.type) {
                lines.append("    pa.field(\(jsonQuoted(column.name)), \(type)),")
            } else if let shape = Self.shape(of: column) {
                lines.append("    pa.field(\(jsonQuoted(column.name)), \(Self.render(shape))),")
            } else {
                lines.append("    # \(column.name): nested JSON without declared paths, left out")
            }
        }
        lines.append("])")
        return lines.joined(separator: "\n")
    }

    private static func shape(of column: Column) -> Shape? {
        guard case .nested(let values, _)? = column.personal else { return nil }
        var root: Shape?
        for value in values { root = insert(value.path.segments[...], into: root) }
        return root
    }

    private static func insert(_ segments: ArraySlice<JSONPath.Segment>, into shape: Shape?) -> Shape? {
        guard let first = segments.first else { return shape ?? .leaf }
        let rest = segments.dropFirst()
        switch first {
        case .eachElement:
            if case .list(let element)? = shape { return .list(insert(rest, into: element) ?? .leaf) }
            if shape == nil { return .list(insert(rest, into: nil) ?? .leaf) }
            return shape
        case .key(let key):
            var fields: [(String, Shape)] = []
            if case .object(let existing)? = shape { fields = existing } else if shape != nil { return shape }
            if let index = fields.firstIndex(where: { $0.0 == key }) {
                fields[index].1 = insert(rest, into: fields[index].1) ?? .leaf
            } else {
                fields.append((key, insert(rest, into: nil) ?? .leaf))
            }
            return .object(fields)
        }
    }

    private static func render(_ shape: Shape) -> String {
        switch shape {
        case .leaf: "pa.string()"
        case .list(let element): "pa.list_(\(render(element)))"
        case .object(let fields): "pa.struct([" + fields.map { "(\(jsonQuoted($0.0)), \(render($0.1)))" }.joined(separator: ", ") + "])"
        }
    }
}
