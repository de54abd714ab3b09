import FerryCore
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
        let header: [(key: String, value: JSONValue)] = [
            ("alg", .string("PS256")), ("typ", .string("JWT")), ("x5t#S256", .string(certificate.thumbprint)),
        ]
        let claims: [(key: String, value: JSONValue)] = [
            ("aud", .string(audience)), ("iss", .string(clientId)), ("sub", .string(clientId)),
            ("jti", .string(id.uuidString.lowercased())), ("iat", .number(Double(issued))),
            ("nbf", .number(Double(issued))), ("exp", .number(Double(issued + Int64(Self.lifetime)))),
        ]
        let signingInput = Self.encode(header) + "." + Self.encode(claims)
        let signature = try certificate.sign(Array(signingInput.utf8))
        compact = signingInput + "." + ClientCertificate.base64URL(signature)
    }

    /// The base64url of `members` written as a JSON object by FerryCore's writer, keys sorted so the same
    /// claims always encode the same.
    private static func encode(_ members: [(key: String, value: JSONValue)]) -> String {
        var json: [UInt8] = []
        JSONWriter.write(.object(members.sorted { $0.key < $1.key }), into: &json)
        return ClientCertificate.base64URL(json)
    }
}
