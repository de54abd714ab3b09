/// The base64 text of a constant byte prefix, encoded once, to which varying bytes are appended.
///
/// Outlook ids are mostly per-mailbox constants followed by a few per-item bytes; encoding the constant
/// part once per page, not once per message, removes most of the cost of writing ids.
struct Base64Template: Sendable {
    /// The encoding of the prefix's whole 3-byte groups.
    private let encoded: [UInt8]
    /// The prefix's last 0 to 2 bytes, encoded together with each suffix.
    private let pending: [UInt8]
    private let alphabet: Base64Text.Alphabet

    init(prefix: [UInt8], alphabet: Base64Text.Alphabet) {
        let whole = prefix.count / 3 * 3
        var encoded: [UInt8] = []
        Base64Text.append(Array(prefix[..<whole]), alphabet: alphabet, to: &encoded)
        self.encoded = encoded
        self.pending = Array(prefix[whole...])
        self.alphabet = alphabet
    }

    /// Appends the encoding of prefix + suffix.
    func append(suffix: [UInt8], to output: inout [UInt8]) {
        output.append(contentsOf: encoded)
        Base64Text.append(pending + suffix, alphabet: alphabet, to: &output)
    }

    /// Appends the encoding of prefix + the last `count` (at most 8) big-endian bytes of `word`: what
    /// `append(suffix:to:)` writes for those bytes, without an array per item.
    func append(last count: Int, of word: UInt64, to output: inout [UInt8]) {
        output.append(contentsOf: encoded)
        Base64Text.append(pending, last: count, ofWords: 0, word, alphabet: alphabet, to: &output)
    }

    /// Appends the encoding of prefix + the 16 big-endian bytes of `high` then `low`, without an array.
    func append(words high: UInt64, _ low: UInt64, to output: inout [UInt8]) {
        output.append(contentsOf: encoded)
        Base64Text.append(pending, last: 16, ofWords: high, low, alphabet: alphabet, to: &output)
    }

    func string(suffix: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + (pending.count + suffix.count + 2) / 3 * 4)
        append(suffix: suffix, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
