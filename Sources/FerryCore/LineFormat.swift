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

    /// Rewrites the JSON value at `out[start...]` as a CSV field: null empty, a string as its text,
    /// numbers and booleans as `JSONWriter` writes them, arrays and objects as their compact JSON text.
    @usableFromInline
    static func csvField(from start: Int, in out: inout [UInt8]) {
        guard start < out.count else { return }
        switch out[start] {
        case UInt8(ascii: "n"):
            out.removeSubrange(start...)
        case UInt8(ascii: "\""):
            let content = out[(start + 1)..<(out.count - 1)]
            let text: ArraySlice<UInt8>
            if content.contains(UInt8(ascii: "\\")) {
                // Escapes: the string's text is what the JSON says, not its bytes.
                guard case .string(let decoded)? = try? JSONScanner.parse(out, start..<out.count) else { return }
                text = Array(decoded.utf8)[...]
            } else {
                text = content
            }
            let copy = Array(text)
            out.removeSubrange(start...)
            appendCSVField(copy[...], quoteEmpty: true, to: &out)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // A value copied from a page keeps the page's spelling (spaces, escapes); a CSV field holds
            // its compact JSON text, as `JSONWriter` writes it, whoever wrote the value.
            guard let value = try? JSONScanner.parse(out, start..<out.count) else { return }
            var json: [UInt8] = []
            JSONWriter.write(value, into: &json)
            out.removeSubrange(start...)
            appendCSVField(json[...], quoteEmpty: false, to: &out)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            break  // booleans have one spelling
        default:
            // A number as `JSONWriter` writes it: `-0.0` and `1.50` as the values they are.
            guard case .number(let number)? = try? JSONScanner.parse(out, start..<out.count) else { return }
            out.removeSubrange(start...)
            JSONWriter.writeNumber(number, into: &out)
        }
    }

    /// Appends `text` as one CSV field, quoted when it holds a comma, quote or line break, starts or ends
    /// with a space, or (with `quoteEmpty`) is empty.
    static func appendCSVField(_ text: ArraySlice<UInt8>, quoteEmpty: Bool, to out: inout [UInt8]) {
        let needsQuotes =
            (quoteEmpty && text.isEmpty)
            || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || text.first == UInt8(ascii: " ") || text.last == UInt8(ascii: " ")
        guard needsQuotes else {
            out.append(contentsOf: text)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
