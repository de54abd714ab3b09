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
            // Read through a pointer: a slice of `out` still alive when `out` changes would copy the whole
            // buffer, which holds a page's lines, for every field.
            let (escaped, quoted) = out.withUnsafeBufferPointer { bytes -> (Bool, Bool) in
                let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(bytes.count - 1)])
                return (content.contains(UInt8(ascii: "\\")), needsQuotes(content, quoteEmpty: true))
            }
            if !escaped {
                // Without escapes the text is the bytes and holds no quote: the JSON string is already the
                // quoted CSV field, and only a field that needs no quotes loses them. Nothing is copied.
                if !quoted {
                    out.removeLast()
                    out.remove(at: start)
                }
                return
            }
            // Escapes: the string's text is what the JSON says, not its bytes.
            guard case .string(let decoded)? = try? JSONScanner.parse(out, start..<out.count) else { return }
            out.removeSubrange(start...)
            appendCSVField(Array(decoded.utf8)[...], quoteEmpty: true, to: &out)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // A value copied from a page keeps the page's spelling (spaces, escapes); a CSV field holds
            // its compact JSON text, as `JSONWriter` writes it, whoever wrote the value.
            if isCompact(out, from: start) {
                quoteInPlace(from: start, in: &out)  // already that text: quoted where it stands
                return
            }
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
        guard needsQuotes(text, quoteEmpty: quoteEmpty) else {
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

    /// Whether `text` must be quoted as a CSV field: it holds a comma, quote or line break, starts or
    /// ends with a space, or (with `quoteEmpty`) is empty.
    @usableFromInline
    static func needsQuotes<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes, quoteEmpty: Bool) -> Bool {
        (quoteEmpty && text.isEmpty)
            || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || text.first == UInt8(ascii: " ") || text.last == UInt8(ascii: " ")
    }

    /// Quotes the field at `out[start...]` in place, doubling its quotes, when `needsQuotes` says so.
    @usableFromInline
    static func quoteInPlace(from start: Int, in out: inout [UInt8]) {
        let (quoted, quotes) = out.withUnsafeBufferPointer { bytes -> (Bool, Int) in
            let field = UnsafeBufferPointer(rebasing: bytes[start...])
            return (needsQuotes(field, quoteEmpty: false), field.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) })
        }
        guard quoted else { return }
        var read = out.count - 1
        out.append(contentsOf: repeatElement(0, count: quotes + 2))
        var write = out.count - 1
        out[write] = UInt8(ascii: "\"")
        while read >= start {
            let byte = out[read]
            write -= 1
            out[write] = byte
            if byte == UInt8(ascii: "\"") {
                write -= 1
                out[write] = byte
            }
            read -= 1
        }
        out[write - 1] = UInt8(ascii: "\"")
    }

    /// Whether the array or object at `out[start...]` is written exactly as `JSONWriter` would write
    /// the value it holds: no white space, no escape, and numbers only as short integers without a
    /// sign on zero. Anything else (a value copied from a page with its own spelling) is rewritten.
    @usableFromInline
    static func isCompact(_ out: [UInt8], from start: Int) -> Bool {
        var inString = false
        var index = start
        while index < out.count {
            let byte = out[index]
            if inString {
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return false }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"),
                UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e"), UInt8(ascii: "f"), UInt8(ascii: "a"),
                UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "n"):
                break  // structure and the literals true, false and null (a stray `e` is never valid JSON here)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                // An integer of at most 15 digits, not `-0` and without a leading zero, is written as is.
                var end = index + (byte == UInt8(ascii: "-") ? 1 : 0)
                let digits = end
                while end < out.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(out[end]) { end += 1 }
                let count = end - digits
                guard count >= 1, count <= 15, !(out[digits] == UInt8(ascii: "0") && (count > 1 || byte == UInt8(ascii: "-")))
                else { return false }
                if end < out.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(out[end]) { return false }
                index = end
                continue
            default:
                return false
            }
            index += 1
        }
        return !inString
    }
}
