/// Writes JSON text straight into bytes, for response bodies on the hot path.
///
/// Commas are placed automatically: a value or key written after a completed value gets one, a value
/// written right after a key or an opening bracket does not. That needs one flag, not a stack.
struct JSONWriter {
    private(set) var bytes: [UInt8]
    private var needsComma = false

    init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the next value follows without a comma.
    mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
        needsComma = true
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes `"name":` from its bytes as `quotedKey(_:)` made them; the next value follows without a comma.
    mutating func key(quoted: [UInt8]) {
        separate()
        bytes.append(contentsOf: quoted)
        needsComma = false
    }

    /// `"name":`, escaped, for `key(quoted:)`: keys written for every item are escaped once.
    static func quotedKey(_ name: String) -> [UInt8] {
        var bytes = [UInt8(ascii: "\"")]
        appendEscaped(contentsOf: name, to: &bytes)
        bytes.append(contentsOf: Array("\":".utf8))
        return bytes
    }

    /// Writes a string made of raw bytes that need no escaping (base64 ids, timestamps built in place), or
    /// escaped by `appendEscaped(contentsOf:to:)` and `escaped(_:)` as it is built.
    mutating func rawString(_ build: (inout [UInt8]) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        build(&bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func timestamp(epochSeconds: Int64) {
        rawString { GraphTimestamp.append(epochSeconds: epochSeconds, to: &$0) }
    }

    mutating func int(_ value: Int) {
        separate()
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(literal: value ? "true" : "false")
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(literal: "null")
        needsComma = true
    }

    /// Writes an already encoded JSON value (a response body embedded in a `$batch` answer).
    mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Writes one JSON value that `build` appends whole (an object of constant keys around escaped strings).
    mutating func rawValue(_ build: (inout [UInt8]) -> Void) {
        separate()
        build(&bytes)
        needsComma = true
    }

    mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Quotes a string, escaping `"`, `\` and control characters; other UTF-8 passes through as Graph sends it.
    private mutating func appendEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        Self.appendEscaped(contentsOf: value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a string's UTF-8, escaped for the inside of a JSON string (no quotes).
    ///
    /// Scans the string's contiguous UTF-8 and copies unescaped runs whole: most strings need no escape
    /// at all, and this is the simulator's hottest loop when it serves pages of messages.
    static func appendEscaped(contentsOf value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendEscaped(contentsOf: $0, to: &bytes) }
    }

    /// Appends UTF-8 bytes escaped for the inside of a JSON string. The escaped bytes are all ASCII, so
    /// any slice of UTF-8 (a domain after `@`) can be escaped alone.
    static func appendEscaped(contentsOf utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if needsEscape(byte) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(byte, to: &bytes)
                start = index + 1
            }
            index += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    /// The escaped bytes of a constant string, to append with `rawString` for every item.
    static func escaped(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendEscaped(contentsOf: value, to: &bytes)
        return bytes
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), 48, 48])
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0xF)])
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
