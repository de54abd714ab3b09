import FerryConfig
import FerryGraph
import Logging

/// The connection to one tenant's Graph for a run: transport, tokens and the retrying client.
struct GraphSession: Sendable {
    let transport: CurlTransport
    let client: GraphHTTPClient
    /// Gathers the fan-out's first pages and single objects into `$batch` requests.
    let batcher: GraphBatcher

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
        client = GraphHTTPClient(transport: transport, tokens: tokens, maxConcurrency: maxConcurrency, logger: logger)
        batcher = GraphBatcher(client: client, graphURL: source.graphURL)
    }

    /// A reader that batches first pages and single objects.
    var reader: CollectionReader { CollectionReader(client: client, batcher: batcher) }

    func close() async {
        await transport.shutdown()
    }
}
