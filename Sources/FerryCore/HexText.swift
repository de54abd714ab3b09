/// Lowercase hexadecimal text of bytes: pseudonyms, key ids and file digests.
public enum HexText {
    /// Appends the two lowercase hex digits of each of the first `byteCount` bytes of `bytes` (all of them
    /// when nil), written into a scratch buffer and appended at once.
    @inlinable
    public static func append(_ bytes: UnsafeRawBufferPointer, byteCount: Int? = nil, to out: inout [UInt8]) {
        let count = max(0, min(byteCount ?? bytes.count, bytes.count))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 2) { buffer in
            for index in 0..<count {
                let byte = bytes[index]
                buffer[2 * index] = digit(byte >> 4)
                buffer[2 * index + 1] = digit(byte & 0x0F)
            }
            out.append(contentsOf: buffer)
        }
    }

    /// The lowercase hex text of the first `byteCount` bytes of `bytes` (all of them when nil).
    public static func string(_ bytes: UnsafeRawBufferPointer, byteCount: Int? = nil) -> String {
        var out: [UInt8] = []
        append(bytes, byteCount: byteCount, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex digit of `nibble` (0 to 15): lowercase, or uppercase as percent-encoding writes it.
    @inlinable @inline(__always)
    public static func digit(_ nibble: UInt8, uppercase: Bool = false) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ ((uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) - 10)
    }
}
