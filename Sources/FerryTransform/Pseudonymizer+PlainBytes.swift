import Crypto
import FerryCore

extension Pseudonymizer {
    /// Appends, as a JSON string, the pseudonym of the string whose JSON content (between its quotes)
    /// is `bytes[content]`, when the bytes alone settle it: printable ASCII without escapes, beginning
    /// and ending with a visible character, so that the text is the bytes and trimming changes nothing.
    /// Returns false, appending nothing, for any other string; `pseudonym(of:kind:)` on the decoded
    /// text then decides.
    ///
    /// Most addresses, names, ids and subjects are such strings: their pseudonyms are made here without
    /// a `String`, an array or a hex string for each. The result is the slow path's, byte for byte
    /// (normalization, HMAC and the kept domain alike): `PseudonymizerTests` holds the two equal.
    func appendPseudonym(
        ofPlainJSON bytes: [UInt8], _ content: Range<Int>, kind: PersonalDataKind, keepDomain: Bool, to out: inout [UInt8]
    ) -> Bool {
        guard !content.isEmpty, content.lowerBound >= 0, content.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[content])
            guard text[0] > 0x20, text[text.count - 1] > 0x20, let runsOfSpaces = Self.plainRunsOfSpaces(text) else {
                return false
            }
            func append(normalized: UnsafeBufferPointer<UInt8>) {
                out.append(UInt8(ascii: "\""))
                keyed.authenticate(UnsafeRawBufferPointer(normalized)) {
                    HexText.append($0, byteCount: Self.pseudonymLength / 2, to: &out)
                }
                if keepDomain && kind == .email, let at = normalized.lastIndex(of: UInt8(ascii: "@")), at + 1 < normalized.count {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: normalized[at...]))
                }
                out.append(UInt8(ascii: "\""))
            }
            let normalizedAlready: Bool
            switch kind {
            case .name, .text, .identifier, .externalId: normalizedAlready = !runsOfSpaces
            case .email, .phone: normalizedAlready = false
            }
            if normalizedAlready {
                // A long id or link is hashed where it lies, not copied first.
                append(normalized: text)
            } else {
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { buffer in
                    let length = Self.normalize(plain: text, kind: kind, collapsingSpaces: runsOfSpaces, into: buffer)
                    append(normalized: UnsafeBufferPointer(rebasing: buffer[..<length]))
                }
            }
            return true
        }
    }

    /// Whether printable ASCII `text` holds two spaces in a row; nil when it is not printable ASCII or
    /// holds a backslash. Eight bytes at a time: only a word with a space is looked at byte by byte.
    static func plainRunsOfSpaces(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        let raw = UnsafeRawBufferPointer(text)
        var runs = false
        var previous: UInt8 = 0
        var index = 0
        while index + 8 <= raw.count {
            let word = JSONScanner.word(raw, index)
            guard !JSONScanner.containsByte(word, below: 0x20), !JSONScanner.containsByte(word, above: 0x7E),
                !JSONScanner.contains(word, byte: UInt8(ascii: "\\"))
            else { return nil }
            if !runs && JSONScanner.contains(word, byte: 0x20) {
                for offset in index..<index + 8 {
                    if raw[offset] == 0x20 && previous == 0x20 { runs = true }
                    previous = raw[offset]
                }
            }
            previous = raw[index + 7]
            index += 8
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
            if byte == 0x20 && previous == 0x20 { runs = true }
            previous = byte
            index += 1
        }
        return runs
    }

    /// `normalize(_:kind:)` for printable ASCII that needs no trimming; returns the normalized length.
    private static func normalize(
        plain text: UnsafeBufferPointer<UInt8>, kind: PersonalDataKind, collapsingSpaces: Bool,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var length = 0
        switch kind {
        case .email:
            for byte in text {
                buffer[length] = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
                length += 1
            }
        case .phone:
            for byte in text where !Self.plainPhoneSeparators.contains(byte) {
                buffer[length] = byte
                length += 1
            }
        case .name, .text, .identifier, .externalId:
            var previous: UInt8 = 0
            for byte in text where !(collapsingSpaces && byte == 0x20 && previous == 0x20) {
                buffer[length] = byte
                length += 1
                previous = byte
            }
        }
        return length
    }

    /// The ASCII characters of `isPhoneSeparator` that can appear in printable ASCII.
    private static let plainPhoneSeparators: [UInt8] = Array(" -./()".utf8)
}
