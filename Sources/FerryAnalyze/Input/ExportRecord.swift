import FerryCore

/// One record of an exported dataset, as its columns' values by name.
public struct ExportRecord: Sendable {
    /// The record as a JSON object (CSV rows are turned into the same shape).
    public let value: JSONValue

    /// Wraps a parsed record.
    public init(_ value: JSONValue) { self.value = value }

    /// The text of a string column, or nil when the column is missing, null or not text.
    public func string(_ column: String) -> String? { value[column]?.stringValue }

    /// The value of a column that holds JSON (an object or an array).
    public subscript(column: String) -> JSONValue? { value[column] }

    /// A boolean column; CSV's "true"/"false" text is accepted too.
    public func bool(_ column: String) -> Bool? {
        switch value[column] {
        case .bool(let flag): flag
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    /// A timestamp column.
    public func timestamp(_ column: String) -> UTCTimestamp? {
        string(column).flatMap { UTCTimestamp(parsing: $0) }
    }
}
