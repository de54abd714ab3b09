extension Array where Element == UInt8 {
    /// Appends the UTF-8 of a literal as it is (nothing escaped). A literal costs no reference count and
    /// no lazy initialization check, which a `static let` byte array pays at every use on the hot path.
    mutating func append(literal text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends `count` bytes that `fill` writes into a buffer on the stack: one append for a whole run of
    /// encoded bytes (base64, hex, a timestamp) instead of one per byte, each of which checks the array.
    mutating func append(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            fill(buffer)
            append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }
}
