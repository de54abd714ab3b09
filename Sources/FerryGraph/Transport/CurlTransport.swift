import FerryCore
import Synchronization

/// Moves bytes over HTTP with libcurl's multi interface: many transfers in flight on one thread.
///
/// One dedicated thread owns libcurl's handles; `send` queues the request to it and suspends until
/// the response or an error comes back. Connections (HTTP/1.1 keep-alive or HTTP/2 streams) are
/// reused across requests, up to `maxConnections` at once; further transfers queue inside libcurl.
///
/// TLS certificates are always verified. Plain `http://` is refused with a `TransportError` before
/// anything is sent unless the host is loopback (`localhost`, 127.0.0.0/8, `::1`), which tests use.
/// Redirects are never followed. Every transfer is bounded by `TransferLimits`: a deadline and a
/// low-speed limit. Bodies are decoded from gzip, deflate, brotli or zstd by libcurl. This layer never retries;
/// `GraphHTTPClient` decides that.
public final class CurlTransport: Sendable {
    private let loop: CurlMultiLoop
    private let nextID = Atomic<UInt64>(1)

    /// Starts the transport's thread.
    /// - Parameters:
    ///   - maxConnections: connections open at once, per host and in total.
    ///   - userAgent: the `User-Agent` header of every request: Ferry and its version (`FerryVersion`).
    ///   - limits: the deadline and low-speed limit of every transfer.
    public init(maxConnections: Int = 64, userAgent: String = FerryVersion.userAgent, limits: TransferLimits = .init()) throws {
        loop = try CurlMultiLoop(maxConnections: maxConnections, userAgent: userAgent, limits: limits)
        loop.start()
    }

    deinit {
        loop.requestShutdown()
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws `TransportError` when no response arrived, and `CancellationError` when the calling
    /// task is cancelled (the transfer is then removed from libcurl).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try RequestValidation.check(request)
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(.init(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
    }

    /// Fails every pending transfer with a `TransportError` and stops the thread.
    ///
    /// Returns once libcurl is released. Safe to call more than once; later sends fail at once.
    public func shutdown() async {
        await loop.shutdown()
    }
}
