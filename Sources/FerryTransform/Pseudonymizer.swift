import Crypto
import FerryCore

/// Turns personal values into stable pseudonyms with a keyed HMAC-SHA256.
///
/// The same normalized value gives the same pseudonym under the same key, in every dataset and
/// every run, so joins and collaboration graphs survive while identities do not. The key never
/// leaves this type; `keyId` identifies it without revealing it.
public struct Pseudonymizer: Sendable {
    /// Hex digits kept from the 64 of the MAC: 128 bits, far beyond collision range for any tenant.
    public static let pseudonymLength = 32

    let keyed: PreparedHMAC
    /// A fingerprint of the key, written to manifests so readers know which pseudonyms are comparable.
    public let keyId: String

    /// Creates a pseudonymizer for a secret key (at least 16 bytes of text).
    public init(key: String) {
        let symmetric = SymmetricKey(data: Array(key.utf8))
        keyed = PreparedHMAC(key: Array(key.utf8))
        // A MAC of a fixed label: a fingerprint that reveals nothing about the key and cannot collide
        // with a pseudonym, since no normalized value carries this prefix.
        let fingerprint = HMAC<SHA256>.authenticationCode(for: Array("ferry:key-id:v1".utf8), using: symmetric)
        keyId = "hmac-sha256:" + fingerprint.withUnsafeBytes { HexText.string($0, byteCount: 8) }
    }

    /// The pseudonym of `value` as personal data of `kind`, after normalization.
    public func pseudonym(of value: String, kind: PersonalDataKind) -> String {
        var normalized = Self.normalize(value, kind: kind)
        return normalized.withUTF8 { text in
            keyed.authenticate(UnsafeRawBufferPointer(text)) { HexText.string($0, byteCount: Self.pseudonymLength / 2) }
        }
    }

    /// `<pseudonym>@domain` for an e-mail address; a plain pseudonym when there is no domain.
    public func pseudonymKeepingDomain(of address: String) -> String {
        let normalized = Self.normalize(address, kind: .email)
        guard let at = normalized.lastIndex(of: "@"), normalized.index(after: at) < normalized.endIndex else {
            return pseudonym(of: normalized, kind: .email)
        }
        return pseudonym(of: normalized, kind: .email) + String(normalized[at...])
    }

    /// E-mail addresses compare case-insensitively and without surrounding space; phone numbers without
    /// the spaces, hyphens, dots, slashes and parentheses people write them with (`+1 (425) 555-0100` is
    /// `+14255550100`); names and other text without surrounding space and with runs of spaces collapsed.
    static func normalize(_ value: String, kind: PersonalDataKind) -> String {
        let trimmed = trimmingWhiteSpace(value)
        switch kind {
        case .email:
            return trimmed.lowercased()
        case .phone:
            var kept = String.UnicodeScalarView()
            for scalar in trimmed.unicodeScalars where !isPhoneSeparator(scalar) { kept.append(scalar) }
            return String(kept)
        case .name, .text, .identifier, .externalId:
            guard hasDoubleSpace(trimmed) else { return trimmed }
            return trimmed.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
    }

    /// `value` without white space at either end: the characters of Foundation's `.whitespacesAndNewlines`,
    /// which are Unicode's White_Space and the zero width space. Pseudonyms depend on it, so it must never
    /// change: `PseudonymizerTests` holds it to Foundation's trimming for every character.
    static func trimmingWhiteSpace(_ value: String) -> String {
        let utf8 = value.utf8
        // Most values start and end with a visible ASCII character: nothing to trim, nothing to copy.
        if let first = utf8.first, let last = utf8.last, isVisibleASCII(first), isVisibleASCII(last) { return value }
        let scalars = value.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isWhiteSpace($0) }), let end = scalars.lastIndex(where: { !isWhiteSpace($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    private static func isWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{200B}"
    }

    private static func isPhoneSeparator(_ scalar: Unicode.Scalar) -> Bool {
        isWhiteSpace(scalar) || "-./()".unicodeScalars.contains(scalar)
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    private static func hasDoubleSpace(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") && previous == byte { return true }
            previous = byte
        }
        return false
    }
}
