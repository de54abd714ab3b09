import Foundation
import GraphSimulator
import Logging
import Testing
import _CryptoExtras

@testable import FerryGraph

/// Certificate credentials end to end: Ferry's token provider against the simulator's token endpoint, which
/// verifies the client assertion as Entra ID does.
@Suite("Certificate credentials against the simulator")
struct CertificateTokenTests {
    static let clientId = "cert-client"

    /// Runs `body` with a simulator that trusts `trusted` and a transport to reach it.
    static func withSimulator<T>(
        trusting trusted: [TrustedCertificate], tokenLifetime: Int = 3600,
        _ body: (GraphSimulatorServer, CurlTransport) async throws -> T
    ) async throws -> T {
        let configuration = SimulatorConfiguration(
            users: 3, seed: 11, clientId: clientId, clientSecret: "not-the-credential-here", clientCertificates: trusted,
            tokenLifetime: tokenLifetime)
        return try await SimulatedGraph.withServer(configuration, body)
    }

    static func credentials(_ server: GraphSimulatorServer, _ certificate: ClientCertificate) -> ClientCredentials {
        ClientCredentials(
            loginURL: server.baseURL, tenant: server.tenant.tenantId, clientId: clientId, certificate: certificate,
            scope: "https://graph.microsoft.com/.default")
    }

    static func client(_ server: GraphSimulatorServer, _ transport: CurlTransport, _ tokens: TokenProvider) throws -> GraphHTTPClient {
        var logger = Logger(label: "certificate-test")
        logger.logLevel = .critical
        return try GraphHTTPClient(graphURL: server.baseURL, transport: transport, tokens: tokens, logger: logger)
    }

    /// The refusal of `provider`, checked to be free of key material and of the assertion (a JWT starts `eyJ`).
    static func refusal(
        _ provider: TokenProvider, files: CertificateFiles..., sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TokenError {
        let error = try await #require(throws: TokenError.self, sourceLocation: sourceLocation) { try await provider.token() }
        for text in [error.description, String(reflecting: error)] {
            for file in files { file.expectNoKeyMaterial(in: text, sourceLocation: sourceLocation) }
            #expect(!text.contains("eyJ"), "the assertion leaked: \(text)", sourceLocation: sourceLocation)
            #expect(!text.contains("\n"), sourceLocation: sourceLocation)
        }
        #expect(!error.isRetryable, sourceLocation: sourceLocation)
        return error
    }

    @Test func aTrustedCertificateGetsATokenThatGraphAccepts() async throws {
        let files = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.pkcs8KeyPath)
        try await Self.withSimulator(trusting: [files.generated.trusted]) { server, transport in
            let tokens = TokenProvider(credentials: Self.credentials(server, certificate), transport: transport)
            let response = try await Self.client(server, transport, tokens).get(server.baseURL + "/v1.0/users?$select=id")
            #expect(response.status == 200)
            let page = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect((page["value"] as? [Any])?.count == 3)
            #expect(server.counters.count(.token, status: 200) == 1)
        }
    }

    @Test func anUntrustedCertificateIsRefusedAsAnUnknownKey() async throws {
        let trusted = try CertificateFiles()
        let stranger = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: stranger.certificatePath, privateKeyPath: stranger.keyPath)
        try await Self.withSimulator(trusting: [trusted.generated.trusted]) { server, transport in
            let provider = TokenProvider(credentials: Self.credentials(server, certificate), transport: transport)
            let error = try await Self.refusal(provider, files: trusted, stranger)
            #expect(error.status == 401)
            #expect(error.code == "invalid_client")
            #expect(error.description.contains("AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found."))
            #expect(error.description.contains("The certificate is not registered on the app"))
            #expect(error.description.contains("upload source.certificate to the app registration"))
        }
    }

    @Test func aSignatureByAnotherKeyFailsVerification() async throws {
        let files = try CertificateFiles()
        // The trusted certificate's thumbprint, but a key that is not its own: the check at load time is skipped.
        let impostor = ClientCertificate(
            thumbprint: files.generated.trusted.thumbprint, signingKey: try _RSA.Signing.PrivateKey(keySize: .bits2048),
            notValidBefore: Date() - 3600, notValidAfter: Date() + 3600)
        try await Self.withSimulator(trusting: [files.generated.trusted]) { server, transport in
            let provider = TokenProvider(credentials: Self.credentials(server, impostor), transport: transport)
            let error = try await Self.refusal(provider, files: files)
            #expect(error.status == 401)
            #expect(error.description.contains("AADSTS700027"))
            #expect(error.description.contains("Key was found, but use of the key to verify the signature failed"))
            #expect(error.description.contains("check source.private_key"))
        }
    }

    @Test func anExpiredCertificateIsRefusedByTheEndpoint() async throws {
        // Ferry refuses it when loading; loaded "yesterday", the endpoint refuses the expired key as Entra does.
        let files = try CertificateFiles(
            notValidBefore: Date(timeIntervalSinceNow: -3 * 86_400), notValidAfter: Date(timeIntervalSinceNow: -60))
        let certificate = try ClientCertificate(
            certificatePath: files.certificatePath, privateKeyPath: files.keyPath, now: Date(timeIntervalSinceNow: -86_400))
        try await Self.withSimulator(trusting: [files.generated.trusted]) { server, transport in
            let provider = TokenProvider(credentials: Self.credentials(server, certificate), transport: transport)
            let error = try await Self.refusal(provider, files: files)
            #expect(error.description.contains("AADSTS700027"))
            #expect(error.description.contains("The key used is expired."))
        }
    }

    @Test func anExpiredAssertionIsRefusedWithClockAdvice() async throws {
        let files = try CertificateFiles(notValidBefore: Date(timeIntervalSinceNow: -86_400))
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        try await Self.withSimulator(trusting: [files.generated.trusted]) { server, transport in
            // A clock an hour behind dates the assertion so that it expired 50 minutes ago.
            let provider = TokenProvider(
                credentials: Self.credentials(server, certificate), transport: transport,
                wallClock: { Date(timeIntervalSinceNow: -3600) })
            let error = try await Self.refusal(provider, files: files)
            #expect(error.status == 400)
            #expect(error.description.contains("AADSTS700024: Client assertion is not within its valid time range."))
            #expect(error.description.contains("check this machine's clock"))
        }
    }

    @Test func a401RefreshesWithAFreshAssertion() async throws {
        let files = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        // The fresh token must outlive a refresh and a retry on a loaded machine: 12 s, not 3.
        try await Self.withSimulator(trusting: [files.generated.trusted], tokenLifetime: 12) { server, transport in
            // A refresh clock that never moves: the provider keeps its token until Graph refuses it.
            let frozen = ContinuousClock.now
            let tokens = TokenProvider(credentials: Self.credentials(server, certificate), transport: transport, now: { frozen })
            let client = try Self.client(server, transport, tokens)
            let url = server.baseURL + "/v1.0/users?$select=id"
            #expect(try await client.get(url).status == 200)
            let first = try await tokens.token()
            // Counted from here: on a loaded machine the first request may already have needed a refresh.
            let refused = server.counters.count(.users, status: 401)
            let issued = server.counters.count(.token, status: 200)
            let retries = client.stats.retries
            try await Task.sleep(for: .milliseconds(12_300))
            // The token has expired at the simulator: 401, one refresh with a new assertion, then success.
            #expect(try await client.get(url).status == 200)
            #expect(try await tokens.token() != first)
            #expect(server.counters.count(.users, status: 401) == refused + 1)
            #expect(server.counters.count(.token, status: 200) == issued + 1)
            #expect(client.stats.retries == retries + 1)
        }
    }
}
