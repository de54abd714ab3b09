import FerryConfig
import FerryGraph
import Logging

/// The connection to one tenant's Graph for a run: transport, tokens and the retrying client.
struct GraphSession: Sendable {
    let transport: CurlTransport
    let client: GraphHTTPClient

    /// Opens the session; a certificate credential's files are read and checked here, before any request.
    ///
    /// - Throws: `ClientCertificateError` for a certificate that cannot be used, `TransportError` when
    ///   libcurl cannot start.
    init(source: SourceConfig, maxConcurrency: Int, logger: Logger) throws {
        let credential: ClientCredentials.Credential
        switch source.credential {
        case .clientSecret(let secret):
            credential = .secret(secret.value)
        case .certificate(let certificatePath, let privateKeyPath):
            let certificate = try ClientCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
            credential = .certificate(certificate)
        }
        transport = try CurlTransport(maxConnections: maxConcurrency)
        let tokens = TokenProvider(
            credentials: ClientCredentials(
                loginURL: source.loginURL, tenant: source.tenant, clientId: source.clientId, credential: credential,
                scope: source.graphURL + "/.default"),
            transport: transport)
        client = GraphHTTPClient(transport: transport, tokens: tokens, logger: logger)
    }

    func close() async {
        await transport.shutdown()
    }
}
