import FerryCore
import Foundation
import Synchronization

/// Moves bytes over HTTP with libcurl's multi interface: many transfers in flight on each of a few
/// threads.
///
/// Each loop thread owns its libcurl handles; `send` queues the request to one of them (in turn) and
/// suspends until the response or an error comes back. One loop receives about a gigabyte a second,
/// far more than two cores can process, but on a machine of many cores it would be the one thread
/// every page passes through: there the transport runs a loop for every four cores, up to eight.
/// Connections (HTTP/1.1 keep-alive or HTTP/2 streams) are reused across a loop's requests, up to
/// `maxConnections` at once in all; further transfers queue inside libcurl.
///
/// TLS certificates are always verified. Plain `http://` is refused with a `TransportError` before
/// anything is sent unless the host is loopback (`localhost`, 127.0.0.0/8, `::1`), which tests use.
/// Redirects are never followed. Every transfer is bounded by `TransferLimits`: a deadline and a
/// low-speed limit. Bodies are decoded from gzip, deflate, brotli or zstd by libcurl. This layer never retries;
/// `GraphHTTPClient` decides that.
public final class CurlTransport: Sendable {
    private let loops: [CurlMultiLoop]
    private let nextID = Atomic<UInt64>(1)

    /// The loops a machine of `cores` cores gets: one for every four cores, at least one, at most eight.
    public static func loopCount(cores: Int) -> Int {
        min(8, max(1, cores / 4))
    }

    /// Starts the transport's threads.
    /// - Parameters:
    ///   - maxConnections: connections open at once, per host and in total, shared among the loops.
    ///   - userAgent: the `User-Agent` header of every request: Ferry and its version (`FerryVersion`).
    ///   - limits: the deadline and low-speed limit of every transfer.
    ///   - loops: the loop threads; by default `loopCount(cores:)` of the cores this process may use.
    public init(
        maxConnections: Int = 64, userAgent: String = FerryVersion.userAgent, limits: TransferLimits = .init(),
        loops: Int? = nil
    ) throws {
        let count = max(1, min(loops ?? Self.loopCount(cores: UsableProcessors.count), max(1, maxConnections)))
        let share = (max(1, maxConnections) + count - 1) / count
        var started: [CurlMultiLoop] = []
        for _ in 0..<count {
            let loop = try CurlMultiLoop(maxConnections: share, userAgent: userAgent, limits: limits)
            loop.start()
            started.append(loop)
        }
        self.loops = started
    }

    /// How many loop threads move this transport's bytes.
    public var loopCount: Int { loops.count }

    deinit {
        for loop in loops { loop.requestShutdown() }
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws `TransportError` when no response arrived, and `CancellationError` when the calling
    /// task is cancelled (the transfer is then removed from libcurl).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try RequestValidation.check(request)
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let loop = loops[Int(id % UInt64(loops.count))]
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
        for loop in loops { await loop.shutdown() }
    }
}
