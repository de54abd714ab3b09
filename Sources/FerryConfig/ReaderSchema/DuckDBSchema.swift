import FerryCore

/// A dataset's columns as DuckDB types, in `read_json`'s `columns = {...}` struct.
struct DuckDBSchema {
    let schema: DatasetSchema

    static func type(_ columnType: ColumnType) -> String {
        switch columnType {
        case .string: "VARCHAR"
        case .int: "BIGINT"
        case .double: "DOUBLE"
        case .bool: "BOOLEAN"
        case .timestamp: "TIMESTAMPTZ"
        case .date: "DATE"
        case .json: "JSON"
        case .array(let element): Self.type(element) + "[]"
        }
    }

    /// `{'puser': 'VARCHAR', ...}`: what `read_json(..., columns = ...)` takes.
    var columns: String {
        "{" + schema.columns.map { "'\($0.name.replacingOccurrences(of: "'", with: "''"))': '\(Self.type($0.type))'" }
            .joined(separator: ", ") + "}"
    }

    /// The table, read from `location` with the Hive partition columns (`date`, `shard`) from the path.
    func text(location: String) -> String {
        """
        CREATE TABLE \(schema.name) AS
        SELECT * FROM read_json(
          '\(location.replacingOccurrences(of: "'", with: "''"))',
          format = 'newline_delimited', hive_partitioning = true,
          columns = \(columns));
        """
    }
}
