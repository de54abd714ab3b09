import Foundation
import Testing
import X509
import _CryptoExtras

@testable import GraphSimulator

/// Signs JWT client assertions by hand, so each test can break exactly one thing about them.
struct AssertionSigner {
    let key: _RSA.Signing.PrivateKey
    let thumbprint: String

    init(_ certificate: SimulatedClientCertificate) throws {
        key = try _RSA.Signing.PrivateKey(pemRepresentation: certificate.privateKeyPEM)
        thumbprint = certificate.trusted.thumbprint
    }

    init(key: _RSA.Signing.PrivateKey, thumbprint: String) {
        self.key = key
        self.thumbprint = thumbprint
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Claims valid at `now` for `audience`.
    static func claims(audience: String, clientId: String = "ferry-tests", now: Date = Date()) -> [String: Any] {
        let seconds = Int(now.timeIntervalSince1970)
        return [
            "aud": audience, "iss": clientId, "sub": clientId, "jti": UUID().uuidString, "iat": seconds, "nbf": seconds,
            "exp": seconds + 600,
        ]
    }

    /// `header.claims.signature`; `header` defaults to PS256 with this signer's thumbprint.
    func sign(
        _ claims: [String: Any], header: [String: Any]? = nil, padding: _RSA.Signing.Padding = .PSS
    ) throws -> String {
        let header = header ?? ["alg": "PS256", "typ": "JWT", "x5t#S256": thumbprint]
        let input = Self.base64URL(try JSONSerialization.data(withJSONObject: header)) + "."
            + Self.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: padding)
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }
}

@Suite("Token endpoint: certificate credentials")
struct ClientAssertionTests {
    static func configuration(trusting certificates: [TrustedCertificate]) -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: 5, seed: 3, clientId: "ferry-tests", clientSecret: "s3cret", clientCertificates: certificates,
            anchor: testAnchor)
    }

    static func post(
        _ client: GraphTestClient, assertion: String, type: String? = ClientAssertionVerifier.assertionType,
        extra: [(String, String)] = []
    ) async throws -> HTTPResult {
        var fields = [("client_id", "ferry-tests"), ("scope", "https://graph.microsoft.com/.default"),
                      ("grant_type", "client_credentials"), ("client_assertion", assertion)]
        if let type { fields.append(("client_assertion_type", type)) }
        return try await client.postForm(client.tokenURL, fields + extra)
    }

    @Test("a PS256 assertion by a trusted certificate gets a token Graph accepts")
    func goodAssertion() async throws {
        let certificate = try SimulatedClientCertificate.generate()
        try await withServer(Self.configuration(trusting: [certificate.trusted])) { client in
            let signer = try AssertionSigner(certificate)
            let result = try await Self.post(client, assertion: try signer.sign(AssertionSigner.claims(audience: client.tokenURL)))
            #expect(result.status == 200, "\(result.text)")
            let token = try #require(try result.object()["access_token"] as? String)
            #expect(try await client.get("\(client.server.baseURL)/v1.0/users", token: token).status == 200)

            // The audience's host may be another name of the loopback address, and the tenant a domain.
            let port = client.server.port
            for audience in [
                "http://localhost:\(port)/\(client.server.tenant.tenantId.uppercased())/oauth2/v2.0/token",
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
            ] {
                let other = try await Self.post(client, assertion: try signer.sign(AssertionSigner.claims(audience: audience)))
                #expect(other.status == 200, "\(audience): \(other.text)")
            }
            // A small clock skew is allowed for nbf.
            var skewed = AssertionSigner.claims(audience: client.tokenURL)
            skewed["nbf"] = Int(Date().timeIntervalSince1970) + 60
            #expect(try await Self.post(client, assertion: try signer.sign(skewed)).status == 200)
        }
    }

    @Test("each refusal has Entra ID's status, error and AADSTS code, and never echoes the assertion")
    func refusals() async throws {
        let certificate = try SimulatedClientCertificate.generate()
        let stranger = try SimulatedClientCertificate.generate()
        try await withServer(Self.configuration(trusting: [certificate.trusted])) { client in
            let signer = try AssertionSigner(certificate)
            let valid = { AssertionSigner.claims(audience: client.tokenURL) }
            func with(_ changes: [String: Any?]) -> [String: Any] {
                var claims = valid()
                for (name, value) in changes { claims[name] = value }
                return claims
            }
            let now = Int(Date().timeIntervalSince1970)
            let good = try signer.sign(valid())
            let goodParts = good.split(separator: ".")
            let tampered = goodParts[0] + "." + (try AssertionSigner.base64URL(JSONSerialization.data(withJSONObject: with(["sub": "x"])))) + "." + goodParts[2]
            let wrongKey = AssertionSigner(key: try _RSA.Signing.PrivateKey(keySize: .bits2048), thumbprint: signer.thumbprint)
            let base = client.server.baseURL
            let cases: [(String, String, Int, String, Int, String)] = [
                ("not a JWT", "abc.def", 400, "invalid_request", 50027, "JWT token is invalid or malformed"),
                ("RS256", try signer.sign(valid(), header: ["alg": "RS256", "x5t#S256": signer.thumbprint], padding: .insecurePKCS1v1_5),
                 400, "invalid_request", 50027, "not 'RS256'"),
                ("no thumbprint", try signer.sign(valid(), header: ["alg": "PS256", "typ": "JWT"]), 400, "invalid_request", 50027, "x5t#S256"),
                ("untrusted certificate", try AssertionSigner(stranger).sign(valid()), 401, "invalid_client", 700_027, "The key was not found."),
                ("signed by another key", try wrongKey.sign(valid()), 401, "invalid_client", 700_027,
                 "Key was found, but use of the key to verify the signature failed."),
                ("claims changed after signing", String(tampered), 401, "invalid_client", 700_027, "verify the signature failed"),
                ("another tenant", try signer.sign(with(["aud": "\(base)/other-tenant/oauth2/v2.0/token"])), 400, "invalid_client", 700_023,
                 "audience claim does not match"),
                ("another endpoint", try signer.sign(with(["aud": "\(base)/\(client.server.tenant.tenantId)/oauth2/token"])), 400,
                 "invalid_client", 700_023, "audience claim does not match"),
                ("no audience", try signer.sign(with(["aud": nil])), 400, "invalid_client", 700_023, "audience"),
                ("another issuer", try signer.sign(with(["iss": "someone-else"])), 400, "invalid_client", 700_021, "'client_id'"),
                ("another subject", try signer.sign(with(["sub": "someone-else"])), 400, "invalid_client", 700_021, "'client_id'"),
                ("expired", try signer.sign(with(["exp": now - 5, "nbf": now - 605, "iat": now - 605])), 400, "invalid_client", 700_024,
                 "not within its valid time range"),
                ("not yet valid", try signer.sign(with(["nbf": now + 3600, "exp": now + 4200])), 400, "invalid_client", 700_024,
                 "assertion valid from"),
                ("no exp", try signer.sign(with(["exp": nil])), 400, "invalid_request", 50027, "'exp'"),
                ("no jti", try signer.sign(with(["jti": nil])), 400, "invalid_request", 50027, "'jti'"),
            ]
            for (name, assertion, status, error, code, text) in cases {
                let result = try await Self.post(client, assertion: assertion)
                #expect(result.status == status, "\(name): \(result.text)")
                let body = try result.object()
                #expect(body["error"] as? String == error, "\(name)")
                #expect(body["error_codes"] as? [Int] == [code], "\(name): \(result.text)")
                let description = body["error_description"] as? String ?? ""
                #expect(description.hasPrefix("AADSTS\(code): "), "\(name): \(description)")
                #expect(description.contains(text), "\(name): \(description)")
                if let signature = assertion.split(separator: ".").last, signature.count > 20 {
                    #expect(!result.text.contains(signature), "\(name) echoed the signature")
                }
            }
        }
    }

    @Test("the assertion type and the choice of one credential are checked first")
    func formRefusals() async throws {
        let certificate = try SimulatedClientCertificate.generate()
        try await withServer(Self.configuration(trusting: [certificate.trusted])) { client in
            let assertion = try AssertionSigner(certificate).sign(AssertionSigner.claims(audience: client.tokenURL))
            let cases: [(HTTPResult, Int, String, Int)] = [
                (try await Self.post(client, assertion: assertion, type: nil), 400, "invalid_request", 900_144),
                (try await Self.post(client, assertion: assertion, type: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"),
                 400, "invalid_request", 90011),
                (try await Self.post(client, assertion: assertion, extra: [("client_secret", "s3cret")]), 400, "invalid_request", 7_000_216),
            ]
            for (result, status, error, code) in cases {
                #expect(result.status == status, "\(result.text)")
                #expect(try result.object()["error"] as? String == error)
                #expect(try result.object()["error_codes"] as? [Int] == [code])
            }
            // The secret path is unchanged beside certificates.
            #expect(try await client.requestToken().status == 200)
        }
    }

    @Test("without trusted certificates every assertion is an unknown key; an expired one is refused as expired")
    func trust() async throws {
        let certificate = try SimulatedClientCertificate.generate()
        try await withServer(Self.configuration(trusting: [])) { client in
            let assertion = try AssertionSigner(certificate).sign(AssertionSigner.claims(audience: client.tokenURL))
            let result = try await Self.post(client, assertion: assertion)
            #expect(result.status == 401)
            #expect((try result.object()["error_description"] as? String)?.contains("The key was not found.") == true)
        }
        let expired = try SimulatedClientCertificate.generate(
            notValidBefore: Date(timeIntervalSinceNow: -86_400), notValidAfter: Date(timeIntervalSinceNow: -60))
        try await withServer(Self.configuration(trusting: [expired.trusted])) { client in
            let assertion = try AssertionSigner(expired).sign(AssertionSigner.claims(audience: client.tokenURL))
            let result = try await Self.post(client, assertion: assertion)
            #expect(result.status == 401)
            let description = try #require(try result.object()["error_description"] as? String)
            #expect(description.hasPrefix("AADSTS700027: "))
            #expect(description.contains("The key used is expired."))
            #expect(description.contains("Found key 'Start="))
        }
    }

    @Test("trusted certificates are read from PEM, the first of a chain or of a certificate with its key")
    func trustedCertificates() throws {
        let certificate = try SimulatedClientCertificate.generate()
        let combined = try TrustedCertificate(pemEncoded: certificate.certificatePEM + "\n" + certificate.privateKeyPEM)
        #expect(combined.thumbprint == certificate.trusted.thumbprint)
        let keyFirst = try TrustedCertificate(pemEncoded: certificate.pkcs8PrivateKeyPEM + "\n" + certificate.certificatePEM)
        #expect(keyFirst.thumbprint == certificate.trusted.thumbprint)
        #expect(certificate.trusted.thumbprint.count == 43)
        #expect(!"\(certificate)".contains("PRIVATE"))

        #expect(throws: SimulatorConfigurationError.self) { try TrustedCertificate(pemEncoded: certificate.privateKeyPEM) }
        #expect(throws: SimulatorConfigurationError.self) {
            try TrustedCertificate(pemEncoded: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        }
        let ecKey = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("ec") }
        let ecCertificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(ecKey.publicKey), notValidBefore: Date() - 60,
            notValidAfter: Date() + 60, issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: .init(), issuerPrivateKey: .init(ecKey))
        let error = try #require(throws: SimulatorConfigurationError.self) {
            try TrustedCertificate(pemEncoded: try ecCertificate.serializeAsPEM().pemString)
        }
        #expect(error.description.contains("RSA"))
    }
}
