/// The one owner of an output line's bytes: how values are framed as a line of JSON Lines or of CSV.
///
/// Every line Ferry writes goes through here. A value arrives as its compact JSON text, written in
/// place at the end of the line (by `JSONWriter`, or copied from a Graph page by the projector), and
/// `finishField` turns it into the format's field: JSON Lines keeps it as it is, CSV turns it into an
/// RFC 4180 field. So a page of bytes becomes lines of either format by one path, and the generic
/// `encode(_:into:)` of `JSONValue`s writes exactly the same bytes.
///
/// CSV: a header row, CRLF line ends, fields quoted when they must be. Null is an empty field; an
/// empty string is written as `""` so readers can tell them apart; arrays and objects as JSON text.
public struct LineFormat: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public let kind: Kind
    public let columns: [String]
    /// What precedes each column's value: `{"name":` then `,"name":` in JSON Lines; nothing then `,` in CSV.
    public let fieldPrefixes: [[UInt8]]
    /// What ends every line.
    public let lineEnd: [UInt8]
    /// What every part file starts with: CSV's header row.
    public let fileHeader: [UInt8]?

    public init(_ kind: Kind, columns: [String]) {
        self.kind = kind
        self.columns = columns
        switch kind {
        case .jsonl:
            fieldPrefixes = JSONWriter.keyPrefixes(columns)
            lineEnd = [UInt8(ascii: "}"), UInt8(ascii: "\n")]
            fileHeader = nil
        case .csv:
            fieldPrefixes = columns.indices.map { $0 == 0 ? [] : [UInt8(ascii: ",")] }
            lineEnd = [0x0D, 0x0A]
            var header: [UInt8] = []
            for (offset, name) in columns.enumerated() {
                if offset > 0 { header.append(UInt8(ascii: ",")) }
                Self.appendCSVField(Array(name.utf8)[...], quoteEmpty: false, to: &header)
            }
            header.append(contentsOf: [0x0D, 0x0A])
            fileHeader = header
        }
    }

    /// The file extension without compression (`jsonl`, `csv`).
    public var fileExtension: String { kind.rawValue }

    /// The same format with `more` columns after these: a change feed's `_change`.
    public func adding(columns more: [String]) -> LineFormat {
        LineFormat(kind, columns: columns + more)
    }

    /// Starts a line: only a JSON line without columns has something to write before its first field.
    @inlinable
    public func beginLine(into out: inout [UInt8]) {
        if kind == .jsonl && fieldPrefixes.isEmpty { out.append(UInt8(ascii: "{")) }
    }

    /// Ends a line after its last field.
    @inlinable
    public func endLine(into out: inout [UInt8]) {
        out.append(contentsOf: lineEnd)
    }

    /// Turns the compact JSON value written at `out[start...]` into this format's field, in place.
    @inlinable
    public func finishField(from start: Int, in out: inout [UInt8]) {
        if kind == .csv { Self.csvField(from: start, in: &out) }
    }

    /// Appends one whole line of `values`, one per column.
    public func encode(_ values: [JSONValue], into out: inout [UInt8]) {
        precondition(values.count == fieldPrefixes.count, "a record must have one value per column")
        beginLine(into: &out)
        for (prefix, value) in zip(fieldPrefixes, values) {
            out.append(contentsOf: prefix)
            let start = out.count
            JSONWriter.write(value, into: &out)
            finishField(from: start, in: &out)
        }
        endLine(into: &out)
    }
}
