extension Array where Element == UInt8 {
    /// Appends the UTF-8 of a literal as it is (nothing escaped). A literal costs no reference count and
    /// no lazy initialization check, which a `static let` byte array pays at every use on the hot path.
    mutating func append(literal text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }
}
