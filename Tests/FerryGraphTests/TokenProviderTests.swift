import Foundation
import Hummingbird
import Synchronization
import Testing

@testable import FerryGraph

@Suite("TokenProvider")
struct TokenProviderTests {
    static func credentials(_ server: TestServer, secret: String = FakeEntraID.secret, tenant: String = FakeEntraID.tenant)
        -> ClientCredentials
    {
        ClientCredentials(
            loginURL: server.baseURL + "/", tenant: tenant, clientId: FakeEntraID.clientId, clientSecret: secret,
            scope: "https://graph.microsoft.com/.default")
    }

    @Test func getsCachesAndSharesOneRefresh() async throws {
        let entra = FakeEntraID()
        let router = Router()
        entra.install(on: router)
        try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let provider = TokenProvider(credentials: Self.credentials(server), transport: transport)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await provider.token() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(tokens) == ["tok-1"])
            #expect(try await provider.token() == "tok-1")
            #expect(entra.issued.count == 1)
            // The form body is percent-encoded: the secret's '+', '&', '=' survive the trip.
            let form = try #require(entra.forms.values.first)
            #expect(!form.contains("+/=&"))
            #expect(FakeEntraID.decode(form)["client_secret"] == FakeEntraID.secret)

            await provider.invalidate("tok-0")
            #expect(try await provider.token() == "tok-1")
            await provider.invalidate("tok-1")
            #expect(try await provider.token() == "tok-2")
            #expect(entra.issued.count == 2)
            await transport.shutdown()
        }
    }

    @Test func refreshesBeforeExpiry() async throws {
        let entra = FakeEntraID()
        let router = Router()
        entra.install(on: router, expiresIn: 100)
        try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            // A clock the test moves, so the check does not depend on how busy the machine is.
            let base = ContinuousClock.now
            let elapsed = Mutex(Duration.zero)
            let provider = TokenProvider(
                credentials: Self.credentials(server), transport: transport, now: { base + elapsed.withLock { $0 } })
            #expect(try await provider.token() == "tok-1")
            elapsed.withLock { $0 = .seconds(89) }
            #expect(try await provider.token() == "tok-1")
            // 10% of a 100 s lifetime is the margin: from 90 s on, the token is refreshed.
            elapsed.withLock { $0 = .seconds(91) }
            #expect(try await provider.token() == "tok-2")
            #expect(entra.issued.count == 2)
            await transport.shutdown()
        }
    }

    @Test func badSecretErrorNamesTheProblemButNotTheSecret() async throws {
        let entra = FakeEntraID()
        let router = Router()
        entra.install(on: router)
        try await TestServer.with(router) { server in
            let transport = try CurlTransport()
            let wrong = "Wr0ng-Secret-Value~123"
            let provider = TokenProvider(credentials: Self.credentials(server, secret: wrong), transport: transport)
            let error = try await #require(throws: TokenError.self) { try await provider.token() }
            let text = error.description
            // The fake endpoint echoed the secret back; Ferry must not repeat it.
            #expect(entra.forms.values.first?.contains(wrong) == true)
            #expect(!text.contains(wrong))
            #expect(!"\(error)".contains(wrong))
            #expect(text.contains("the token endpoint refused the client credentials: invalid_client (AADSTS7000215"))
            #expect(text.contains("Check source.client_id and source.client_secret"))
            #expect(!text.contains("\n"))
            #expect(error.status == 401)
            #expect(!error.isRetryable)
            #expect(!"\(Self.credentials(server, secret: wrong))".contains(wrong))
            await transport.shutdown()
        }
    }

    /// Whatever an endpoint echoes, in any encoding, in the message or the code, however long: the
    /// secret is taken out before the text is cut short.
    @Test func theSecretIsScrubbedInEveryEncodingBeforeTheDetailIsCut() {
        let secret = "s3cret value/with+chars~"
        let encoded = FormEncoding.percentEncode(secret)
        let lowercase = encoded.replacing(#/%[0-9A-F]{2}/#) { $0.output.lowercased() }
        let echoes = [secret, encoded, lowercase, encoded.replacingOccurrences(of: "%20", with: "+")]
        for echo in echoes {
            let long = String(repeating: "x", count: TokenError.longestDetail - 5) + echo + " and more"
            let error = TokenError(
                tokenURL: "https://login.example/t/oauth2/v2.0/token", status: 400, code: "bad_" + echo, detail: long,
                isRetryable: false, secrets: [secret])
            let text = "\(error)" + (error.code ?? "")
            for part in [secret, encoded, lowercase, String(secret.prefix(6)), String(encoded.prefix(6))] {
                #expect(!text.contains(part), "\(echo) left \(part) in \(text)")
            }
        }
    }

    @Test func unknownTenantAndUnreachableEndpoint() async throws {
        let entra = FakeEntraID()
        let router = Router()
        entra.install(on: router)
        let server = try await TestServer.start(router)
        let transport = try CurlTransport()
        let provider = TokenProvider(credentials: Self.credentials(server, tenant: "nope.example"), transport: transport)
        let error = try await #require(throws: TokenError.self) { try await provider.token() }
        #expect(error.description.contains("AADSTS90002"))
        #expect(error.description.contains("Check source.tenant"))

        await server.stop()
        let offline = TokenProvider(credentials: Self.credentials(server), transport: transport)
        let unreachable = try await #require(throws: TokenError.self) { try await offline.token() }
        #expect(unreachable.isRetryable)
        #expect(unreachable.status == nil)
        #expect(!unreachable.description.contains(FakeEntraID.secret))
        await transport.shutdown()
    }
}
