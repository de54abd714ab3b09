import FerryCore

/// A dataset's columns as a BigQuery schema file: `[{"name", "type", "mode"}]`.
struct BigQuerySchema {
    let schema: DatasetSchema

    static func type(_ columnType: ColumnType) -> String {
        switch columnType {
        case .string: "STRING"
        case .int: "INT64"
        case .double: "FLOAT64"
        case .bool: "BOOL"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .json: "JSON"
        case .array(let element): Self.type(element)
        }
    }

    var json: String {
        let fields = schema.columns.map { column in
            let repeated: Bool
            if case .array = column.type { repeated = true } else { repeated = false }
            return "  {\"name\": \(jsonQuoted(column.name)), \"type\": \"\(Self.type(column.type))\", \"mode\": \"\(repeated ? "REPEATED" : "NULLABLE")\"}"
        }
        return "[\n" + fields.joined(separator: ",\n") + "\n]"
    }
}
