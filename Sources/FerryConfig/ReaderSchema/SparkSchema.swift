import FerryCore

/// A dataset's columns as a Spark `StructType` in its JSON form. Nested values (`json` columns) are
/// strings: Spark's JSON reader keeps an object read into a string field as its JSON text.
struct SparkSchema {
    let schema: DatasetSchema

    static func type(_ columnType: ColumnType) -> String {
        switch columnType {
        case .string, .json: "\"string\""
        case .int: "\"long\""
        case .double: "\"double\""
        case .bool: "\"boolean\""
        case .timestamp: "\"timestamp\""
        case .date: "\"date\""
        case .array(let element): "{\"type\":\"array\",\"elementType\":\(Self.type(element)),\"containsNull\":true}"
        }
    }

    var json: String {
        let fields = schema.columns.map { column in
            "    {\"name\":\(jsonQuoted(column.name)),\"type\":\(Self.type(column.type)),\"nullable\":true,\"metadata\":{}}"
        }
        return "{\"type\":\"struct\",\"fields\":[\n" + fields.joined(separator: ",\n") + "\n]}"
    }
}
