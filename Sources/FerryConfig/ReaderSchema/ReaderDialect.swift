import FerryCore

/// The readers `ferry schemas ddl` writes a dataset's schema for, each in its own form, so that no
/// reader has to infer types (Spark reads every timestamp as a string; pyarrow fails when a column is
/// null in one file and an object in another).
public enum ReaderDialect: String, Sendable, CaseIterable {
    /// A DuckDB `CREATE TABLE ... AS SELECT * FROM read_json(..., columns = {...})`.
    case duckdb
    /// A Spark `StructType` as JSON, for `StructType.fromJson` / `spark.read.schema(...)`.
    case spark
    /// A BigQuery schema file (JSON), for `bq load --schema`.
    case bigquery
    /// A Snowflake `CREATE TABLE` with a `COPY INTO` from a stage.
    case snowflake
    /// A pyarrow schema, as Python, for `pyarrow.json.read_json(..., explicit_schema=...)`.
    case arrow

    /// The schema of `schema`'s records in this reader's form. `location` is where the reader finds the
    /// files (a glob for DuckDB, a stage path for Snowflake); the others ignore it.
    public func ddl(for schema: DatasetSchema, location: String? = nil) -> String {
        switch self {
        case .duckdb: DuckDBSchema(schema: schema).text(location: location ?? "out/\(schema.name)/**/*.jsonl.gz")
        case .spark: SparkSchema(schema: schema).json
        case .bigquery: BigQuerySchema(schema: schema).json
        case .snowflake: SnowflakeSchema(schema: schema).text(location: location ?? "@ferry_stage/\(schema.name)/")
        case .arrow: ArrowSchema(schema: schema).python
        }
    }
}

/// JSON string literal escaping for names in generated JSON (column names are plain, but be exact).
func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
