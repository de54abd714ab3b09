import FerryCore

/// `application/x-www-form-urlencoded` bodies, as the token endpoint expects them.
enum FormEncoding {
    /// `name=value&...` with every byte outside the RFC 3986 unreserved set percent-encoded.
    static func encode(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var body: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { body.append(UInt8(ascii: "&")) }
            append(field.name, to: &body)
            body.append(UInt8(ascii: "="))
            append(field.value, to: &body)
        }
        return body
    }

    /// `text` with every byte outside `A-Z a-z 0-9 - . _ ~` written as `%XX`.
    static func percentEncode(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` percent-encoded as `percentEncode` does.
    static func append(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(HexText.digit(byte >> 4, uppercase: true))
                bytes.append(HexText.digit(byte & 0x0F, uppercase: true))
            }
        }
    }
}
