import Foundation
import GraphSimulator
import Testing

@testable import FerryGraph

@Suite("Access token claims")
struct AccessTokenClaimsTests {
    /// A token from a simulator granted `permissions` (nil: all), with its expiry as the token endpoint said.
    static func token(permissions: Set<String>?) async throws -> (token: String, expiresAt: Date, tenant: String) {
        var configuration = SimulatedGraph.configuration(users: 2)
        configuration.permissions = permissions
        return try await SimulatedGraph.withServer(configuration) { server, transport in
            let provider = TokenProvider(
                credentials: ClientCredentials(
                    loginURL: server.baseURL, tenant: server.tenant.tenantId, clientId: SimulatedGraph.clientId,
                    clientSecret: SimulatedGraph.secret, scope: SimulatorConfiguration.graphScope),
                transport: transport)
            let (token, expiresAt) = try await provider.tokenWithExpiry()
            return (token, expiresAt, server.tenant.tenantId)
        }
    }

    @Test func readsTheRolesTenantAppAndExpiryOfAnAppOnlyToken() async throws {
        let before = Date()
        let issued = try await Self.token(permissions: ["User.Read.All", "Mail.ReadBasic.All"])
        let after = Date()
        let claims = try #require(AccessTokenClaims(token: issued.token))
        #expect(claims.roles == ["Mail.ReadBasic.All", "User.Read.All"])
        #expect(claims.isAppOnly)
        #expect(claims.tenantId == issued.tenant)
        #expect(claims.appId == SimulatedGraph.clientId)
        #expect(claims.audience == "https://graph.microsoft.com")
        // Issued between `before` and `after` with the simulator's lifetime of 3600 s: bounds from the instants
        // around the request, not from how long it took.
        let expiresAt = try #require(claims.expiresAt)
        #expect(expiresAt >= before.addingTimeInterval(3599) && expiresAt <= after.addingTimeInterval(3601))
        #expect(issued.expiresAt >= before.addingTimeInterval(3599) && issued.expiresAt <= after.addingTimeInterval(3601))

        let all = try #require(AccessTokenClaims(token: try await Self.token(permissions: nil).token))
        #expect(all.roles.contains("Mail.Read") && all.roles.contains("User.Read.All") && all.roles.contains("Calendars.Read"))
    }

    @Test func aTokenThatIsNotAJWTHasNoClaims() throws {
        #expect(AccessTokenClaims(token: "opaque-token") == nil)
        #expect(AccessTokenClaims(token: "a.b.c") == nil)
        #expect(AccessTokenClaims(token: "eyJ0eXAiOiJKV1QifQ.WzFd.c2ln") == nil, "claims that are an array, not an object")
        // Delegated token: scp, no idtyp.
        let claims = AccessTokenClaims.base64URLEncodeForTests(#"{"scp":"Mail.Read","exp":10}"#)
        let delegated = try #require(AccessTokenClaims(token: "eyJ0eXAiOiJKV1QifQ.\(claims).c2ln"))
        #expect(delegated.isAppOnly == false)
        #expect(delegated.roles == [])
        #expect(delegated.expiresAt == Date(timeIntervalSince1970: 10))
    }
}

extension AccessTokenClaims {
    static func base64URLEncodeForTests(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
