import FerryConfig
import FerryGraph
import Logging

/// The connection to one tenant's Graph for a run: transport, tokens and the retrying client.
package struct GraphSession: Sendable {
    let transport: CurlTransport
    package let client: GraphHTTPClient
    /// The session's tokens, also read for their `roles` (never verified, only reported).
    package let tokens: TokenProvider
    /// Gathers the fan-out's first pages and single objects into `$batch` requests.
    package let batcher: GraphBatcher
    /// The most pages one unit may have (`throttle.max_pages_per_unit`).
    package let maxPages: Int

    /// Opens the session; a certificate credential's files are read and checked here, before any request.
    ///
    /// `throttle` bounds the session: requests in flight, the longest `Retry-After` obeyed, pages per unit,
    /// and each transfer's deadline and low-speed limit. The token goes to `source.graph_url`'s origin only.
    ///
    /// - Throws: `ClientCertificateError` for a certificate that cannot be used, `TransportError` when
    ///   libcurl cannot start.
    package init(source: SourceConfig, throttle: ThrottleConfig, metrics: GraphMetrics = GraphMetrics(), logger: Logger) throws {
        let maxConcurrency = throttle.maxConcurrency
        let credential: ClientCredentials.Credential
        switch source.credential {
        case .clientSecret(let secret):
            credential = .secret(secret.value)
        case .certificate(let certificatePath, let privateKeyPath):
            let certificate = try ClientCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
            credential = .certificate(certificate)
        }
        transport = try CurlTransport(
            maxConnections: maxConcurrency,
            limits: TransferLimits(
                deadline: .seconds(throttle.requestTimeoutSeconds), lowSpeedBytesPerSecond: throttle.lowSpeedBytesPerSecond,
                lowSpeedTime: .seconds(throttle.lowSpeedSeconds)))
        tokens = TokenProvider(
            credentials: ClientCredentials(
                loginURL: source.loginURL, tenant: source.tenant, clientId: source.clientId, credential: credential,
                scope: source.scope),
            transport: transport)
        client = try GraphHTTPClient(
            graphURL: source.graphURL, transport: transport, tokens: tokens,
            retry: RetryPolicy(maxRetryAfter: .seconds(throttle.maxRetryAfterSeconds)), maxConcurrency: maxConcurrency,
            metrics: metrics, logger: logger)
        batcher = GraphBatcher(client: client, graphURL: source.graphURL)
        maxPages = throttle.maxPagesPerUnit
    }

    /// A reader that batches first pages and single objects.
    var reader: CollectionReader { CollectionReader(client: client, batcher: batcher, maxPages: maxPages) }

    /// A reader that sends every page on its own.
    package var unbatchedReader: CollectionReader { CollectionReader(client: client, maxPages: maxPages) }

    package func close() async {
        await transport.shutdown()
    }

    /// What `body` returns, with the session closed once `body` has returned or thrown: every caller
    /// closes the transport on both paths, and none leaves it to a detached task.
    package func closing<T>(after body: (GraphSession) async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body(self))
        } catch {
            result = .failure(error)
        }
        await close()
        return try result.get()
    }
}
