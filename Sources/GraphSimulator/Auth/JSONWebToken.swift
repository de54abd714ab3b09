import Foundation

/// A JWT in compact serialization, split and decoded but not yet verified.
struct JSONWebToken {
    /// The decoded header (`alg`, `typ`, `x5t#S256`, ...).
    let header: [String: Any]
    /// The decoded claims (`aud`, `iss`, `sub`, `exp`, ...).
    let claims: [String: Any]
    /// `header.claims` as sent: the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// `nil` unless `compact` is three base64url parts whose first two are JSON objects.
    init?(compact: String) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
            let headerBytes = Base64Text.decode(parts[0]), let claimBytes = Base64Text.decode(parts[1]),
            let signature = Base64Text.decode(parts[2]),
            let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any],
            let claims = (try? JSONSerialization.jsonObject(with: Data(claimBytes))) as? [String: Any]
        else { return nil }
        self.header = header
        self.claims = claims
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
        self.signature = signature
    }

    /// A string claim; `nil` when absent or not a string.
    func string(_ claim: String) -> String? {
        claims[claim] as? String
    }

    /// A NumericDate claim (seconds since 1970, possibly fractional); `nil` when absent or not a number.
    func date(_ claim: String) -> Double? {
        guard let seconds = (claims[claim] as? NSNumber)?.doubleValue, seconds.isFinite else { return nil }
        return seconds
    }
}
