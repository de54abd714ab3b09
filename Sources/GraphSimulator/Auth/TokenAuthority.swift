/// Issues and verifies the simulator's access tokens, without storing them.
///
/// A token is `ferrysim1.<expiry ms>.<nonce>.<tag>`, the tag a SipHash of the rest under a key drawn when
/// the server starts. Clients must treat it as opaque, as they must treat Graph's.
struct TokenAuthority: Sendable {
    private let signer: SipHash
    private static let prefix = "ferrysim1"

    init(signer: SipHash = .randomKey()) {
        self.signer = signer
    }

    /// A token valid until `expiry` (seconds since 1970).
    func issue(expiry: Double) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce: UInt64 = generator.next()
        let unsigned = "\(Self.prefix).\(Int64((expiry * 1000).rounded(.down))).\(String(nonce, radix: 36))"
        return unsigned + "." + String(signer.tag(unsigned.utf8), radix: 36)
    }

    /// Whether `token` was issued by this authority and is still valid at `now` (seconds since 1970).
    func isValid(_ token: Substring, now: Double) -> Bool {
        let bytes = token.utf8
        guard let tagStart = bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let unsigned = bytes[..<tagStart]
        let parts = unsigned.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual(Self.prefix.utf8),
            let expiryMilliseconds = Int64(Substring(parts[1])),
            let tag = UInt64(Substring(bytes[bytes.index(after: tagStart)...]), radix: 36),
            tag == signer.tag(unsigned)
        else { return false }
        return now * 1000 < Double(expiryMilliseconds)
    }
}
