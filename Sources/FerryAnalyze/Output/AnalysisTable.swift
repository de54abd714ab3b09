import FerryCore

/// One output table: its name, columns and rows, each row in a partition.
public struct AnalysisTable: Sendable {
    public var name: String
    public var columns: [String]
    public var partitionKey: String
    public var rows: [(partition: String, values: [JSONValue])] = []

    public init(name: String, columns: [String], partitionKey: String) {
        self.name = name
        self.columns = columns
        self.partitionKey = partitionKey
    }

    public mutating func append(_ values: [JSONValue], partition: String) {
        precondition(values.count == columns.count, "table \(name): a row needs one value per column")
        rows.append((partition, values))
    }
}

extension JSONValue {
    /// A number, or null when it is not finite.
    static func finite(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }
}
