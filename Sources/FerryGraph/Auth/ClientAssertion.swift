import Foundation

/// A JWT client assertion (RFC 7523) as Entra ID expects it with certificate credentials.
///
/// Header `{"alg":"PS256","typ":"JWT","x5t#S256":<thumbprint>}`; claims `aud` (the token URL),
/// `iss` and `sub` (the client id), `jti` (a fresh GUID), `iat` and `nbf` (now) and `exp` (now plus
/// ``lifetime``); signed RSASSA-PSS with SHA-256. Each token request gets a new one.
struct ClientAssertion: Sendable {
    /// The `client_assertion_type` form field that goes with it.
    static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// How long an assertion is valid: long enough for a slow token request, short enough that a captured
    /// one is soon useless (MSAL uses the same ten minutes).
    static let lifetime: TimeInterval = 600

    /// The compact serialization: `base64url(header).base64url(claims).base64url(signature)`.
    let compact: String

    /// Signs a new assertion for `clientId` at `audience`, valid from `now`.
    init(
        clientId: String, audience: String, certificate: ClientCertificate, now: Date, id: UUID = UUID()
    ) throws(ClientCertificateError) {
        let issued = Int64(now.timeIntervalSince1970.rounded(.down))
        let header: [String: Any] = ["alg": "PS256", "typ": "JWT", "x5t#S256": certificate.thumbprint]
        let claims: [String: Any] = [
            "aud": audience, "iss": clientId, "sub": clientId, "jti": id.uuidString.lowercased(),
            "iat": issued, "nbf": issued, "exp": issued + Int64(Self.lifetime),
        ]
        let signingInput = try Self.encode(header) + "." + Self.encode(claims)
        let signature = try certificate.sign(Array(signingInput.utf8))
        compact = signingInput + "." + ClientCertificate.base64URL(signature)
    }

    /// The base64url of `object`'s JSON, keys sorted so the same claims always encode the same.
    private static func encode(_ object: [String: Any]) throws(ClientCertificateError) -> String {
        guard let json = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { throw .signingFailed }
        return ClientCertificate.base64URL(json)
    }
}
