import FerryCore

/// A dataset's table in Snowflake, and the `COPY INTO` that loads its gzip JSON Lines from a stage by
/// column name (quoted names keep their case, as the JSON keys have it).
struct SnowflakeSchema {
    let schema: DatasetSchema

    static func type(_ columnType: ColumnType) -> String {
        switch columnType {
        case .string: "VARCHAR"
        case .int: "NUMBER(38,0)"
        case .double: "FLOAT"
        case .bool: "BOOLEAN"
        case .timestamp: "TIMESTAMP_TZ"
        case .date: "DATE"
        case .json: "VARIANT"
        case .array: "ARRAY"
        }
    }

    func text(location: String) -> String {
        let columns = schema.columns.map { "  \"\($0.name.replacingOccurrences(of: "\"", with: "\"\""))\" \(Self.type($0.type))" }
        return """
            CREATE TABLE IF NOT EXISTS \(schema.name) (
            \(columns.joined(separator: ",\n"))
            );
            COPY INTO \(schema.name)
              FROM \(location)
              FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP)
              PATTERN = '.*[.]jsonl[.]gz'
              MATCH_BY_COLUMN_NAME = CASE_SENSITIVE;
            """
    }
}
