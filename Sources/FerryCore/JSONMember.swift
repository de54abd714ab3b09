/// One member of a JSON object, or one element of an array, located in the bytes it was read from.
///
/// Positions are kept in 32 bits: a page holds thousands of these, and Graph pages are megabytes.
public struct JSONMember: Sendable {
    @usableFromInline var keyStart: UInt32
    @usableFromInline var keyEnd: UInt32
    @usableFromInline var valueStart: UInt32
    @usableFromInline var valueEnd: UInt32
    /// The value's first byte: `"`, `{`, `[`, `t`, `f`, `n`, `-` or a digit.
    public var first: UInt8
    /// Whether the key has a backslash escape, so that its bytes are not its text.
    public var keyHasEscapes: Bool
    /// What the value's bytes hold that matters when copying them (a conservative superset: a trait may
    /// be reported that the value lacks, never the other way round).
    public var traits: JSONScanner.Traits

    /// The largest offset a member can record.
    public static let maximumOffset = Int(UInt32.max)

    /// A member at these places; offsets beyond `maximumOffset` are the caller's mistake and are clamped.
    @inlinable
    public init(
        key: Range<Int>, value: Range<Int>, first: UInt8, keyHasEscapes: Bool, traits: JSONScanner.Traits
    ) {
        keyStart = UInt32(clamping: key.lowerBound)
        keyEnd = UInt32(clamping: key.upperBound)
        valueStart = UInt32(clamping: value.lowerBound)
        valueEnd = UInt32(clamping: value.upperBound)
        self.first = first
        self.keyHasEscapes = keyHasEscapes
        self.traits = traits
    }

    /// The key's bytes between its quotes; empty for an array element.
    @inlinable public var key: Range<Int> { Int(keyStart)..<Int(keyEnd) }
    /// The value's bytes, from its first byte to its last.
    @inlinable public var value: Range<Int> { Int(valueStart)..<Int(valueEnd) }
}
