import Foundation
import Testing
@testable import GraphSimulator

@Suite("Token endpoint and bearer tokens")
struct TokenEndpointTests {
    let configuration = SimulatorConfiguration(
        users: 5, seed: 3, clientId: "ferry-tests", clientSecret: "s3cret", anchor: testAnchor)

    @Test("good client credentials get a bearer token that Graph accepts")
    func goodCredentials() async throws {
        try await withServer(configuration) { client in
            let result = try await client.requestToken()
            #expect(result.status == 200)
            let body = try result.object()
            #expect(body["token_type"] as? String == "Bearer")
            #expect(body["expires_in"] as? Int == 3600)
            #expect(body["ext_expires_in"] as? Int == 3600)
            let token = try #require(body["access_token"] as? String)
            #expect(!token.isEmpty)

            let users = try await client.get("\(client.server.baseURL)/v1.0/users", token: token)
            #expect(users.status == 200)
        }
    }

    @Test("the tenant's initial domain is accepted in place of its id")
    func tenantDomain() async throws {
        try await withServer(configuration) { client in
            let url = "\(client.server.baseURL)/contoso.onmicrosoft.com/oauth2/v2.0/token"
            let result = try await client.requestToken(url: url)
            #expect(result.status == 200)
        }
    }

    @Test("a wrong secret is invalid_client AADSTS7000215, and the secret is not echoed")
    func badSecret() async throws {
        try await withServer(configuration) { client in
            let result = try await client.requestToken(secret: "wrong-secret-value")
            #expect(result.status == 401)
            let body = try result.object()
            #expect(body["error"] as? String == "invalid_client")
            #expect(body["error_codes"] as? [Int] == [7_000_215])
            #expect((body["error_description"] as? String)?.hasPrefix("AADSTS7000215:") == true)
            #expect(body["trace_id"] is String)
            #expect(body["correlation_id"] is String)
            #expect(body["timestamp"] is String)
            #expect(!result.text.contains("wrong-secret-value"))
            #expect(!result.text.contains("s3cret"))
        }
    }

    @Test("other refusals use Entra ID's error and code")
    func otherRefusals() async throws {
        try await withServer(configuration) { client in
            let base = client.server.baseURL
            let cases: [(HTTPResult, Int, String, Int)] = [
                (try await client.requestToken(url: "\(base)/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token"),
                 400, "invalid_request", 90002),
                (try await client.requestToken(grantType: "password"), 400, "unsupported_grant_type", 70003),
                (try await client.requestToken(scope: "https://graph.microsoft.com/User.Read"), 400, "invalid_scope", 1_002_012),
                (try await client.requestToken(clientId: "someone-else"), 400, "unauthorized_client", 700_016),
                (try await client.requestToken(secret: ""), 400, "invalid_client", 7_000_216),
                (try await client.postForm(client.tokenURL, [("client_id", "ferry-tests")]), 400, "invalid_request", 900_144),
            ]
            for (result, status, error, code) in cases {
                #expect(result.status == status, "\(result.text)")
                let body = try result.object()
                #expect(body["error"] as? String == error)
                #expect(body["error_codes"] as? [Int] == [code])
            }
        }
    }

    @Test("a scope other than the resource's application ID URI is refused as Entra ID refuses it")
    func scopeOfAnotherResource() async throws {
        try await withServer(configuration) { client in
            // The URL the simulator listens on is not a resource Entra ID knows: Graph's URI is.
            for scope in ["\(client.server.baseURL)/.default", "https://gateway.contoso.example/.default"] {
                let result = try await client.requestToken(scope: scope)
                #expect(result.status == 400, "\(result.text)")
                let body = try result.object()
                #expect(body["error"] as? String == "invalid_resource")
                #expect(body["error_codes"] as? [Int] == [500_011])
                let description = try #require(body["error_description"] as? String)
                #expect(description.hasPrefix("AADSTS500011: The resource principal named \(scope.dropLast(9)) was not found"))
                #expect(description.contains("grants only the scope https://graph.microsoft.com/.default"))
            }
            #expect(try await client.requestToken(scope: "HTTPS://GRAPH.MICROSOFT.COM/.default").status == 200)
        }
    }

    @Test("a configured scope is the only one granted")
    func configuredScope() async throws {
        var configuration = configuration
        configuration.scope = "api://contoso-graph-gateway/.default"
        try await withServer(configuration) { client in
            #expect(try await client.requestToken(scope: "api://contoso-graph-gateway/.default").status == 200)
            let refused = try await client.requestToken()
            #expect(refused.status == 400)
            #expect(try refused.object()["error_codes"] as? [Int] == [500_011])
        }
        configuration.scope = "api://no-default-suffix"
        #expect(throws: SimulatorConfigurationError.self) { try configuration.validate() }
    }

    @Test("an oversized token request body is refused, not buffered")
    func oversizedBody() async throws {
        try await withServer(configuration) { client in
            let result = try await client.postForm(client.tokenURL, [("client_id", String(repeating: "x", count: 100_000))])
            #expect(result.status == 413)
            #expect(try result.graphErrorCode() == "RequestEntityTooLarge")
        }
    }

    @Test("Graph refuses a missing, malformed or forged token with InvalidAuthenticationToken")
    func refusedTokens() async throws {
        try await withServer(configuration) { client in
            let url = "\(client.server.baseURL)/v1.0/users"
            let token = try await client.token()
            let forged = String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")
            // The same signature with a padding bit of its last character set: another spelling, refused.
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            let last = try #require(token.last.flatMap { alphabet.firstIndex(of: $0) })
            let respelled = String(token.dropLast()) + String(alphabet[last ^ 1])
            for candidate in [nil, "", "not-a-token", forged, respelled] as [String?] {
                let result = try await client.get(url, token: candidate)
                #expect(result.status == 401)
                #expect(try result.graphErrorCode() == "InvalidAuthenticationToken")
            }
            let traced = try await client.get(url, token: "not-a-token", headers: ["client-request-id": "trace-me-42"])
            let inner = try #require(((try traced.object()["error"] as? [String: Any])?["innerError"]) as? [String: Any])
            #expect(inner["client-request-id"] as? String == "trace-me-42")
            #expect(traced.headers["client-request-id"] == "trace-me-42")
            #expect(traced.headers["request-id"] != nil && traced.headers["request-id"] == inner["request-id"] as? String)
            let other = try await withServer(configuration) { otherClient in try await otherClient.token() }
            #expect(try await client.get(url, token: other).status == 401, "a token of another server must not work")
        }
    }

    @Test("an expired token is refused with Graph's error body")
    func expiredToken() async throws {
        var shortLived = configuration
        // Long enough that the first use comes before expiry even on a loaded CI machine.
        shortLived.tokenLifetime = 4
        try await withServer(shortLived) { client in
            let tokenResult = try await client.requestToken()
            #expect(try tokenResult.object()["expires_in"] as? Int == 4)
            let token = try await client.token()
            let issued = ContinuousClock.now
            let url = "\(client.server.baseURL)/v1.0/users"
            let first = try await client.get(url, token: token).status
            // A machine so loaded that the first use came after expiry cannot tell; otherwise it works.
            if issued.duration(to: .now) < .seconds(3) { #expect(first == 200) }
            try await Task.sleep(for: .milliseconds(4_300))
            let result = try await client.get(url, token: token)
            #expect(result.status == 401)
            let error = try #require(try result.object()["error"] as? [String: Any])
            #expect(error["code"] as? String == "InvalidAuthenticationToken")
            #expect(error["message"] as? String == "Access token has expired or is not yet valid.")
            let inner = try #require(error["innerError"] as? [String: Any])
            #expect(inner["date"] is String)
            #expect(inner["request-id"] is String)
            #expect(inner["client-request-id"] is String)
        }
    }

    @Test("tokens expire exactly at their lifetime and cannot be altered")
    func tokenAuthority() throws {
        let authority = TokenAuthority()
        let token = authority.issue(expiry: 1_000.5)
        #expect(authority.isValid(token[...], now: 1_000.4))
        #expect(!authority.isValid(token[...], now: 1_000.5))
        let parts = token.split(separator: ".")
        #expect(parts.count == 3, "a JWT: header, claims, signature")
        let claims = try #require(Base64Text.decode(parts[1]))
        let text = String(decoding: claims, as: UTF8.self)
        #expect(text.hasPrefix(#"{"exp":1000.5,"#), "\(text)")
        let extended = Base64Text.unpadded(Array(text.replacingOccurrences(of: "1000.5", with: "9000.5").utf8))
        #expect(!authority.isValid("\(parts[0]).\(extended).\(parts[2])"[...], now: 1_000))
        #expect(!TokenAuthority().isValid(token[...], now: 1_000), "another key must not verify it")
    }

    @Test("a token's roles claim holds the permissions the app was granted, every one by default")
    func rolesClaim() async throws {
        func claims(_ configuration: SimulatorConfiguration) async throws -> [String: Any] {
            try await withServer(configuration) { client in
                let token = try #require(try await client.requestToken().object()["access_token"] as? String)
                let parts = token.split(separator: ".", omittingEmptySubsequences: false)
                #expect(parts.count == 3)
                let headerBytes = try #require(Base64Text.decode(parts[0]))
                let claimBytes = try #require(Base64Text.decode(parts[1]))
                let header = try JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
                #expect(header?["typ"] as? String == "JWT")
                return try #require(try JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any])
            }
        }
        let all = try await claims(configuration)
        #expect(all["roles"] as? [String] == AppPermissions.all.sorted())
        #expect((all["roles"] as? [String])?.contains("Mail.Read") == true)
        #expect(all["idtyp"] as? String == "app")
        #expect(all["appid"] as? String == "ferry-tests")
        #expect(all["aud"] as? String == "https://graph.microsoft.com")
        #expect(all["tid"] as? String == configuration.tenantId)
        let issued = try #require(all["iat"] as? Int)
        let expiry = try #require((all["exp"] as? NSNumber)?.doubleValue)
        #expect(expiry >= Double(issued + 3600) && expiry < Double(issued + 3601), "exp is iat plus the lifetime")

        var restricted = configuration
        restricted.permissions = ["User.Read.All", "Mail.ReadBasic.All"]
        let some = try await claims(restricted)
        #expect(some["roles"] as? [String] == ["Mail.ReadBasic.All", "User.Read.All"])
    }
}
