/// Issues and verifies the simulator's access tokens, without storing them.
///
/// A token is a JWT, as Entra ID's app-only tokens for Graph are: `header.claims.signature`, each part
/// base64url without padding. Its claims are those of an app-only token (`aud`, `iss`, `iat`, `nbf`, `exp`,
/// `appid`, `idtyp: app`, `roles`, `tid`, `ver`), `roles` holding the application permissions the app was
/// granted; clients may read them (Ferry does, to report) but must not rely on a token's shape, as
/// Microsoft says of Graph's. The signature is a SipHash-2-4 tag of `header.claims` under a key drawn when
/// the server starts (`alg: SipHash-2-4`), so a client can neither forge nor extend a token.
struct TokenAuthority: Sendable {
    /// What a token says besides its expiry.
    struct Claims: Sendable {
        var tenantId = "00000000-0000-0000-0000-000000000000"
        var clientId = ""
        /// The resource the token is for: the application ID URI without `/.default`.
        var audience = "https://graph.microsoft.com"
        /// The application permissions granted, sorted.
        var roles: [String] = []
        /// When the token was issued, seconds since 1970.
        var issuedAt: Double = 0
    }

    private let signer: SipHash
    private static let header = #"{"typ":"JWT","alg":"SipHash-2-4","kid":"ferry-simulator"}"#
    private static let encodedHeader = Base64Text.unpadded(Array(header.utf8))

    init(signer: SipHash = .randomKey()) {
        self.signer = signer
    }

    /// A token valid until `expiry` (seconds since 1970, to the millisecond).
    func issue(expiry: Double, claims: Claims = Claims()) -> String {
        var generator = SystemRandomNumberGenerator()
        let nonce: UInt64 = generator.next()
        var writer = JSONWriter(capacity: 512)
        // `exp` first: `isValid` reads it from the start of the claims without parsing them whole.
        var payload = Array(#"{"exp":"#.utf8) + Array(Self.millisecondText(expiry).utf8) + [UInt8(ascii: ",")]
        writer.beginObject()
        writer.key("aud")
        writer.string(claims.audience)
        writer.key("iss")
        writer.string("https://sts.windows.net/\(claims.tenantId)/")
        writer.key("iat")
        writer.int(Int(claims.issuedAt.rounded(.down)))
        writer.key("nbf")
        writer.int(Int(claims.issuedAt.rounded(.down)))
        writer.key("appid")
        writer.string(claims.clientId)
        writer.key("appidacr")
        writer.string("1")
        writer.key("idtyp")
        writer.string("app")
        writer.key("roles")
        writer.beginArray()
        for role in claims.roles { writer.string(role) }
        writer.endArray()
        writer.key("sub")
        writer.string(claims.clientId)
        writer.key("tid")
        writer.string(claims.tenantId)
        writer.key("uti")
        writer.string(String(nonce, radix: 36))
        writer.key("ver")
        writer.string("1.0")
        writer.endObject()
        payload += writer.bytes.dropFirst()  // the writer's own `{`
        let unsigned = Self.encodedHeader + "." + Base64Text.unpadded(payload)
        return unsigned + "." + Base64Text.unpadded(Self.bytes(of: signer.tag(unsigned.utf8)))
    }

    /// Whether `token` was issued by this authority and is still valid at `now` (seconds since 1970).
    func isValid(_ token: Substring, now: Double) -> Bool {
        let bytes = token.utf8
        guard let signatureStart = bytes.lastIndex(of: UInt8(ascii: ".")),
            let claimsStart = bytes[..<signatureStart].firstIndex(of: UInt8(ascii: ".")),
            let signature = Base64Text.decode(Substring(bytes[bytes.index(after: signatureStart)...])),
            signature == Self.bytes(of: signer.tag(bytes[..<signatureStart]))
        else { return false }
        // Signed by this authority, so the claims start `{"exp":<number>,` as `issue` wrote them.
        let claims = bytes[bytes.index(after: claimsStart)..<signatureStart]
        guard let prefix = Base64Text.decode(Substring(claims.prefix(40))), prefix.starts(with: #"{"exp":"#.utf8),
            let end = prefix.dropFirst(7).firstIndex(of: UInt8(ascii: ",")),
            let expiry = Double(String(decoding: prefix[7..<end], as: UTF8.self))
        else { return false }
        return now < expiry
    }

    /// `seconds` with at most three decimals, as JSON: `1000`, `1000.5`.
    private static func millisecondText(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded(.down))
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    private static func bytes(of tag: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: tag >> (8 * $0)) }
    }
}
