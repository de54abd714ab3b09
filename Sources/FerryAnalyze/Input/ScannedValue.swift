import FerryCore

/// Reads a located value of a JSON line (a `JSONMember`) without building it: its string, the hash of
/// its string, a timestamp, a participant code. Plain strings are read from their bytes; strings with
/// escapes are decoded first.
enum ScannedValue {
    /// The bytes between a string value's quotes, when it has no escapes.
    @inline(__always)
    static func plainString(_ member: JSONMember) -> Range<Int>? {
        guard member.first == UInt8(ascii: "\""), !member.traits.contains(.escapes) else { return nil }
        return member.value.lowerBound + 1..<member.value.upperBound - 1
    }

    static func string(_ bytes: [UInt8], _ member: JSONMember?) -> String? {
        guard let member, member.first == UInt8(ascii: "\"") else { return nil }
        if let plain = plainString(member) { return String(decoding: bytes[plain], as: UTF8.self) }
        return (try? JSONScanner.parse(bytes, member.value))?.stringValue
    }

    static func stringHash(_ bytes: [UInt8], _ member: JSONMember?) -> UInt64? {
        guard let member, member.first == UInt8(ascii: "\"") else { return nil }
        if let plain = plainString(member) { return KeyHash.hash(bytes, plain) }
        return string(bytes, member).map(KeyHash.hash)
    }

    static func timestamp(_ bytes: [UInt8], _ member: JSONMember?) -> Int64? {
        guard let member, let plain = plainString(member) else { return nil }
        return bytes.withUnsafeBytes { FastTimestamp.milliseconds($0, plain.lowerBound, plain.upperBound) }
    }

    /// The code of the address a string value holds; nil for an empty string or another kind of value.
    static func participant(_ bytes: [UInt8], _ member: JSONMember, directory: DirectoryIndex) -> UInt64? {
        if let plain = plainString(member), !plain.isEmpty {
            return bytes.withUnsafeBytes { directory.participant($0, plain.lowerBound, plain.upperBound) }
        }
        return string(bytes, member).flatMap { $0.isEmpty ? nil : directory.participant($0) }
    }
}
