import FerryCore

/// Writes records as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they must be.
///
/// Null is an empty field; strings that are empty are written as `""` so readers can tell them
/// apart. Arrays and objects are written as JSON text.
public struct CSVLineEncoder: RecordEncoder {
    public let fileHeader: [UInt8]?

    public init(columns: [String]) {
        var header: [UInt8] = []
        for (offset, name) in columns.enumerated() {
            if offset > 0 { header.append(UInt8(ascii: ",")) }
            Self.writeField(name, into: &header)
        }
        header.append(contentsOf: [0x0D, 0x0A])
        fileHeader = header
    }

    public var fileExtension: String { "csv" }

    public func encode(_ values: [JSONValue], into out: inout [UInt8]) {
        for (offset, value) in values.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case .null:
                break
            case .string(let text):
                Self.writeField(text, into: &out, quoteEmpty: true)
            case .bool, .number:
                JSONWriter.write(value, into: &out)
            case .array, .object:
                var json: [UInt8] = []
                JSONWriter.write(value, into: &json)
                Self.writeField(String(decoding: json, as: UTF8.self), into: &out)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    private static func writeField(_ text: String, into out: inout [UInt8], quoteEmpty: Bool = false) {
        let utf8 = text.utf8
        let needsQuotes =
            (quoteEmpty && utf8.isEmpty)
            || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
