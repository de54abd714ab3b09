/// Parses JSON bytes into a `JSONValue`, reading the bytes in place.
///
/// Foundation's `JSONSerialization` builds `NSDictionary` trees and reaches about 35 MB/s on Graph
/// pages; this parser works on the raw buffer, builds Swift values directly and decodes strings
/// without escapes in one copy. It is `JSONReader` building a tree: the checks are the reader's, the
/// same `JSONPageScan` makes.
public struct JSONParser {
    /// The largest nesting depth accepted; deeper documents are rejected instead of exhausting the stack.
    public static let maxDepth = 512

    /// Parses one JSON document; trailing whitespace is allowed, anything else after it is an error.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON document from raw bytes.
    public static func parse(_ buffer: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(buffer: buffer)
        return try reader.readDocument(JSONTreeBuilder.self)
    }
}
