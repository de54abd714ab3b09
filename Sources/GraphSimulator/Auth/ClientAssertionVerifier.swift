import Crypto
import Foundation
import _CryptoExtras

/// Verifies a JWT client assertion the way Entra ID does for certificate credentials.
///
/// In order: the JWT parses; `alg` is PS256; `x5t#S256` names a trusted certificate that is within its
/// validity; the signature verifies with that certificate's key (RSASSA-PSS, SHA-256); `aud` is this
/// tenant's token endpoint (its path: the host may be any name of the loopback address); `iss` and `sub`
/// are the request's client id; `exp` is in the future and `nbf` not beyond the allowed skew; `jti` is present.
struct ClientAssertionVerifier: Sendable {
    /// The only `client_assertion_type` Entra ID takes with a JWT.
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// How far `nbf` may be ahead of the simulator's clock, in seconds (Entra ID allows five minutes).
    static let allowedSkew: Double = 300

    let trusted: [TrustedCertificate]
    /// The names the tenant answers to in the token endpoint's path, lower-cased: its id and domains.
    let tenantNames: Set<String>

    /// Checks `assertion`, sent with `clientId`, at `now` (seconds since 1970); throws Entra ID's refusal.
    func verify(_ assertion: String, clientId: String, now: Double) throws(EntraError) {
        guard let token = JSONWebToken(compact: assertion) else {
            throw .malformedAssertion("The client assertion must be a JWT: three base64url parts, header and claims JSON.")
        }
        let algorithm = token.header["alg"] as? String ?? ""
        guard algorithm == "PS256" else {
            throw .malformedAssertion(
                "The Graph simulator verifies client assertions signed PS256 (RSASSA-PSS with SHA-256), not "
                    + "'\(algorithm)'.")
        }
        guard let thumbprint = token.header["x5t#S256"] as? String, !thumbprint.isEmpty else {
            throw .malformedAssertion("The JWT header must name the certificate in 'x5t#S256' (its SHA-256 thumbprint).")
        }
        let shown = Self.hex(thumbprint)
        guard let key = trusted.first(where: { $0.thumbprint == thumbprint }) else {
            throw .assertionSignature(reason: "The key was not found.", thumbprint: shown)
        }
        guard now >= key.notValidBefore.timeIntervalSince1970, now <= key.notValidAfter.timeIntervalSince1970 else {
            throw .assertionSignature(reason: "The key used is expired.", thumbprint: shown, found: key)
        }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: token.signature)
        guard key.publicKey.isValidSignature(signature, for: SHA256.hash(data: token.signingInput), padding: .PSS) else {
            throw .assertionSignature(
                reason: "Key was found, but use of the key to verify the signature failed.", thumbprint: shown, found: key)
        }
        let audience = token.string("aud") ?? ""
        guard isTokenEndpoint(audience) else { throw .assertionAudience(audience) }
        guard token.string("iss") == clientId, token.string("sub") == clientId else { throw .assertionClientId }
        guard let expiry = token.date("exp") else {
            throw .malformedAssertion("The client assertion must carry an 'exp' claim (seconds since 1970).")
        }
        let notBefore = token.date("nbf")
        if expiry <= now || (notBefore.map { $0 > now + Self.allowedSkew } ?? false) {
            throw .assertionTime(now: now, notBefore: notBefore, expiry: expiry)
        }
        guard let id = token.string("jti"), !id.isEmpty else {
            throw .malformedAssertion("The client assertion must carry a 'jti' claim, a unique identifier.")
        }
    }

    /// Whether `audience` is an absolute URL whose path is `/{this tenant}/oauth2/v2.0/token`.
    private func isTokenEndpoint(_ audience: String) -> Bool {
        guard let url = URLComponents(string: audience), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host?.isEmpty == false
        else { return false }
        let segments = url.percentEncodedPath.split(separator: "/").map { segment in
            (PercentEncoding.decode(segment, plusIsSpace: false) ?? String(segment)).lowercased()
        }
        return segments.count == 4 && tenantNames.contains(segments[0]) && segments[1...] == ["oauth2", "v2.0", "token"]
    }

    /// The thumbprint in upper-case hex, as Entra ID prints them; as sent when it is not base64url.
    private static func hex(_ thumbprint: String) -> String {
        guard let bytes = Base64Text.decode(thumbprint) else { return thumbprint }
        return bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
