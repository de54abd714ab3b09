import FerryCore

/// Reads the answer to a `$batch`: `{"responses":[{"id","status","headers","body"}]}`, in any order.
///
/// Each item's `body` is handed on as the bytes it has in the batch answer, not parsed and written
/// again: a page of a thousand messages is parsed once, by whoever reads the page. The walk only finds
/// where values end; the small values (`id`, `status`, `headers`) are parsed with `JSONParser`.
///
/// An answer cut short still yields every item that arrived whole, so the Retry-After of a throttled
/// item is not lost with the rest; the missing items are simply absent.
enum BatchResponseBody {
    /// The answers found, by id. With `scanningPages`, a body that is a collection page is scanned as
    /// the walk passes it (`HTTPResponse.pageScan`), so that its reader need not read it again.
    static func answers(in bytes: [UInt8], scanningPages: Bool = false) -> [String: HTTPResponse] {
        var walker = Walker(bytes: bytes, scansBodies: scanningPages)
        var answers: [String: HTTPResponse] = [:]
        guard walker.consume(UInt8(ascii: "{")) else { return answers }
        while let key = walker.key() {
            guard key.is("responses", in: bytes) else {
                guard walker.value() != nil, walker.consume(UInt8(ascii: ",")) else { return answers }
                continue
            }
            guard walker.consume(UInt8(ascii: "[")) else { return answers }
            if walker.consume(UInt8(ascii: "]")) { return answers }
            repeat {
                guard let members = walker.object() else { return answers }
                if let (id, response) = answer(members, bodyScan: walker.bodyScan, in: bytes) { answers[id] = response }
            } while walker.consume(UInt8(ascii: ","))
            return answers
        }
        return answers
    }

    /// One item from its members' key and value ranges, with its body's page scan if the walk made one;
    /// nil without a usable `id` and `status`.
    private static func answer(
        _ members: [(key: Key, value: Range<Int>)], bodyScan: JSONPageScan?, in bytes: [UInt8]
    ) -> (String, HTTPResponse)? {
        var id: String?
        var status: Int?
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        for member in members {
            let key = member.key
            if key.is("id", in: bytes) {
                id = text(of: try? JSONParser.parse(Array(bytes[member.value])))
            } else if key.is("status", in: bytes) {
                if case .number(let number)? = try? JSONParser.parse(Array(bytes[member.value])) {
                    status = Int(exactly: number)
                }
            } else if key.is("headers", in: bytes) {
                if case .object(let fields)? = try? JSONParser.parse(Array(bytes[member.value])) {
                    headers = fields.compactMap { field in text(of: field.value).map { (field.key.lowercased(), $0) } }
                }
            } else if key.is("body", in: bytes) {
                body = Array(bytes[member.value])
            }
        }
        guard let id, let status, (100..<600).contains(status) else { return nil }
        var response = HTTPResponse(status: status, headers: headers, body: body)
        response.pageScan = bodyScan
        return (id, response)
    }

    /// A string, or a number written as JSON writes it (an `id` of 1, a `Retry-After` of 2.5).
    private static func text(of value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number):
            var out: [UInt8] = []
            JSONWriter.writeNumber(number, into: &out)
            return String(decoding: out, as: UTF8.self)
        default: return nil
        }
    }
}

/// A member's key: its bytes between the quotes, and its text when those bytes hold escapes (decoded
/// once, when the key is read).
private struct Key {
    let range: Range<Int>
    /// `"st\u0061tus"` as `status`; nil for a plain key, whose bytes are its text (and for escapes that
    /// do not decode, whose bytes, backslash and all, match no name).
    let decoded: String?

    /// Whether the key reads `name`, as a JSON reader sees it.
    func `is`(_ name: String, in bytes: [UInt8]) -> Bool {
        if let decoded { return decoded == name }
        return bytes[range].elementsEqual(name.utf8)
    }
}

/// Finds where JSON values end, without building them, through FerryCore's `JSONScanner`; every method
/// returns nil (or false) when the bytes run out or do not have the expected shape, and never reads past the end.
private struct Walker {
    let bytes: [UInt8]
    /// Whether an object's "body" member is scanned as a page (`JSONPageScan`) rather than skipped.
    let scansBodies: Bool
    var index = 0
    /// The page scan of the "body" of the last object read, when it was scanned and is a page.
    var bodyScan: JSONPageScan?

    init(bytes: [UInt8], scansBodies: Bool) {
        self.bytes = bytes
        self.scansBodies = scansBodies
    }

    /// Skips whitespace and `byte` if it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        index = JSONScanner.skipWhitespace(in: bytes, from: index, limit: bytes.count)
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The next member's key and the colon after it.
    mutating func key() -> Key? {
        index = JSONScanner.skipWhitespace(in: bytes, from: index, limit: bytes.count)
        guard let (key, escaped, value) = JSONScanner.key(in: bytes, at: index, limit: bytes.count) else { return nil }
        index = value
        return Key(range: key, decoded: escaped ? JSONScanner.keyText(bytes, key) : nil)
    }

    /// An object's members, each as key and value ranges; nil unless the object is complete.
    mutating func object() -> [(key: Key, value: Range<Int>)]? {
        bodyScan = nil
        guard consume(UInt8(ascii: "{")) else { return nil }
        var members: [(key: Key, value: Range<Int>)] = []
        if consume(UInt8(ascii: "}")) { return members }
        repeat {
            guard let key = key() else { return nil }
            if scansBodies, key.is("body", in: bytes) {
                // A later "body" replaces an earlier one, in `answer` as here.
                bodyScan = nil
                if let page = page() {
                    members.append((key, page))
                    continue
                }
            }
            guard let value = value() else { return nil }
            members.append((key, value))
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? members : nil
    }

    /// The next value's bytes when it is a collection page, found by scanning it (kept in `bodyScan`).
    mutating func page() -> Range<Int>? {
        index = JSONScanner.skipWhitespace(in: bytes, from: index, limit: bytes.count)
        guard index < bytes.count,
            let (scan, length) = bytes.withUnsafeBytes({ JSONPageScan.scan(prefixOf: UnsafeRawBufferPointer(rebasing: $0[index...])) })
        else { return nil }
        bodyScan = scan
        defer { index += length }
        return index..<index + length
    }

    /// The next value's bytes, from its first to its last.
    mutating func value() -> Range<Int>? {
        index = JSONScanner.skipWhitespace(in: bytes, from: index, limit: bytes.count)
        guard let (end, _) = JSONScanner.valueEnd(in: bytes, at: index, limit: bytes.count),
            // A number running to the very end may have been cut; a complete document never ends so.
            end < bytes.count
        else { return nil }
        defer { index = end }
        return index..<end
    }
}
