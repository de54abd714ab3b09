import FerryConfig
import FerryGraph
import Logging

/// The connection to one tenant's Graph for a run: transport, tokens and the retrying client.
struct GraphSession: Sendable {
    let transport: CurlTransport
    let client: GraphHTTPClient

    init(source: SourceConfig, maxConcurrency: Int, logger: Logger) throws {
        transport = try CurlTransport(maxConnections: maxConcurrency)
        let tokens = TokenProvider(
            credentials: ClientCredentials(
                loginURL: source.loginURL, tenant: source.tenant, clientId: source.clientId,
                clientSecret: source.clientSecret.value, scope: source.graphURL + "/.default"),
            transport: transport)
        client = GraphHTTPClient(transport: transport, tokens: tokens, logger: logger)
    }

    func close() async {
        await transport.shutdown()
    }
}
