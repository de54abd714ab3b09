import FerryCore

/// Writes each record as one compact JSON object per line (JSON Lines), keys in schema order.
public struct JSONLineEncoder: RecordEncoder {
    /// `{"name":` for the first column and `,"name":` for the others, encoded once per run.
    private let keyPrefixes: [[UInt8]]

    public init(columns: [String]) {
        keyPrefixes = JSONWriter.keyPrefixes(columns)
    }

    public var fileExtension: String { "jsonl" }
    public var fileHeader: [UInt8]? { nil }

    public func encode(_ values: [JSONValue], into out: inout [UInt8]) {
        precondition(values.count == keyPrefixes.count, "a record must have one value per column")
        if keyPrefixes.isEmpty { out.append(UInt8(ascii: "{")) }
        for (prefix, value) in zip(keyPrefixes, values) {
            out.append(contentsOf: prefix)
            JSONWriter.write(value, into: &out)
        }
        out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
    }
}
