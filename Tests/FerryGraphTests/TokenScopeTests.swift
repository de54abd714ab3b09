import GraphSimulator
import Testing

@testable import FerryGraph

/// The scope a token is asked for is the resource's application ID URI, not the URL requests go to:
/// the simulator refuses any other as Entra ID does, and the refusal says which setting to fix.
@Suite("Token scope")
struct TokenScopeTests {
    static func provider(_ server: GraphSimulatorServer, _ transport: CurlTransport, scope: String) -> TokenProvider {
        TokenProvider(
            credentials: ClientCredentials(
                loginURL: server.baseURL, tenant: server.tenant.tenantId, clientId: SimulatedGraph.clientId,
                clientSecret: SimulatedGraph.secret, scope: scope),
            transport: transport)
    }

    @Test func graphsScopeIsGrantedWhereverGraphListens() async throws {
        try await SimulatedGraph.withServer(SimulatedGraph.configuration(users: 2)) { server, transport in
            let token = try await Self.provider(server, transport, scope: "https://graph.microsoft.com/.default").token()
            #expect(!token.isEmpty)
        }
    }

    @Test func theEndpointsOwnURLAsScopeIsRefusedNamingSourceScope() async throws {
        try await SimulatedGraph.withServer(SimulatedGraph.configuration(users: 2)) { server, transport in
            let error = try await #require(throws: TokenError.self) {
                _ = try await Self.provider(server, transport, scope: server.baseURL + "/.default").token()
            }
            #expect(error.code == "invalid_resource")
            #expect(!error.isRetryable)
            #expect(error.description.contains("AADSTS500011"))
            #expect(error.description.contains("Check source.scope"), "\(error)")
            #expect(error.description.contains("https://graph.microsoft.com/.default"))
        }
    }
}
