import Foundation
import Testing
import _CryptoExtras

@testable import FerryGraph

/// The JWT itself: decoded by hand here and checked against the certificate's public key.
@Suite("ClientAssertion")
struct ClientAssertionTests {
    /// The bytes of an unpadded base64url part.
    static func decode(_ part: Substring) throws -> Data {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return try #require(Data(base64Encoded: text), "not base64url: \(part)")
    }

    static func object(_ part: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: decode(part)) as? [String: Any])
    }

    @Test func headerClaimsAndPS256Signature() throws {
        let files = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        let now = Date(timeIntervalSince1970: 1_795_219_200.75)
        let audience = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        let assertion = try ClientAssertion(clientId: "app-id", audience: audience, certificate: certificate, now: now)

        let parts = assertion.compact.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(!assertion.compact.contains("="), "base64url without padding")
        let header = try Self.object(parts[0])
        #expect(header["alg"] as? String == "PS256")
        #expect(header["typ"] as? String == "JWT")
        #expect(header["x5t#S256"] as? String == files.generated.trusted.thumbprint)
        #expect(header.count == 3)

        let claims = try Self.object(parts[1])
        #expect(claims["aud"] as? String == audience)
        #expect(claims["iss"] as? String == "app-id")
        #expect(claims["sub"] as? String == "app-id")
        #expect(claims["iat"] as? Int == 1_795_219_200)
        #expect(claims["nbf"] as? Int == 1_795_219_200)
        #expect(claims["exp"] as? Int == 1_795_219_800)
        let jti = try #require(claims["jti"] as? String)
        #expect(UUID(uuidString: jti) != nil)

        // RSASSA-PSS with SHA-256 over `header.claims`, verified with the certificate's public key.
        let publicKey = try _RSA.Signing.PrivateKey(pemRepresentation: files.generated.privateKeyPEM).publicKey
        let signature = _RSA.Signing.RSASignature(rawRepresentation: try Self.decode(parts[2]))
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        #expect(signature.rawRepresentation.count == 256)
        #expect(publicKey.isValidSignature(signature, for: SHA256.hash(data: signed), padding: .PSS))
        #expect(!publicKey.isValidSignature(signature, for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5))
        let tampered = Data((parts[0] + "." + parts[1].dropLast() + "x").utf8)
        #expect(!publicKey.isValidSignature(signature, for: SHA256.hash(data: tampered), padding: .PSS))
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048).publicKey
        #expect(!otherKey.isValidSignature(signature, for: SHA256.hash(data: signed), padding: .PSS))
    }

    @Test func everyAssertionIsFresh() throws {
        let files = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        let now = Date()
        let first = try ClientAssertion(clientId: "a", audience: "https://x/t/oauth2/v2.0/token", certificate: certificate, now: now)
        let second = try ClientAssertion(clientId: "a", audience: "https://x/t/oauth2/v2.0/token", certificate: certificate, now: now)
        let firstClaims = try Self.object(first.compact.split(separator: ".")[1])
        let secondClaims = try Self.object(second.compact.split(separator: ".")[1])
        #expect(firstClaims["jti"] as? String != secondClaims["jti"] as? String)
        #expect(first.compact != second.compact)
    }
}
