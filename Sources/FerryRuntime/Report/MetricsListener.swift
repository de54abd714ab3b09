import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server for `GET /metrics`, on plain POSIX sockets so that the `ferry` binary links no
/// server framework for it.
///
/// One thread accepts and answers one connection at a time: a scrape is a few kilobytes, made every few
/// seconds. A request may be at most `maxRequestBytes`; a client has `timeout` to send it and to read
/// the answer, then the connection is closed; every answer closes its connection. `GET /metrics` (and
/// `HEAD`) answer the text `body()` gives in Prometheus' text format; anything else 404 or 405.
public final class MetricsListener: Sendable {
    /// The most bytes a request (line and headers) may have; a scraper sends a few hundred.
    public static let maxRequestBytes = 8192
    public static let defaultTimeout: Duration = .seconds(5)
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The address it listens on: `host:port`, with the port the system chose for port 0.
    public let address: String
    private let listening: Int32
    private let body: @Sendable () -> [UInt8]
    private let timeout: Duration
    private let stopping = Atomic<Bool>(false)

    /// Binds `address` (`HOST:PORT`, `:PORT` for 127.0.0.1, or `[::1]:PORT`) and starts answering.
    /// - Throws: `MetricsListenerError` when the address is not one or cannot be bound.
    public init(address: String, timeout: Duration = MetricsListener.defaultTimeout, body: @escaping @Sendable () -> [UInt8]) throws {
        let (host, port) = try Self.parse(address)
        self.body = body
        self.timeout = timeout
        (listening, self.address) = try Self.open(host: host, port: port, given: address)
        let thread = Thread { [self] in serve() }
        thread.name = "ferry-metrics"
        thread.start()
    }

    /// Stops accepting; a scrape being answered finishes first (bounded by the timeout). Call it once done:
    /// the serving thread holds the listener until then.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = shutdown(listening, Int32(SHUT_RDWR))
    }

    private func serve() {
        defer { close(listening) }
        while !stopping.load(ordering: .acquiring) {
            let client = accept(listening, nil, nil)
            guard client >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        var time = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        guard let head = readHead(client) else {
            return respond(client, status: "431 Request Header Fields Too Large", body: Array("request too large or too slow\n".utf8))
        }
        let requestLine = (head.split(whereSeparator: \.isNewline).first ?? "").split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            return respond(client, status: "400 Bad Request", body: Array("bad request\n".utf8))
        }
        let method = requestLine[0]
        let path = requestLine[1].prefix { $0 != "?" }
        guard path == "/metrics" else {
            return respond(client, status: "404 Not Found", body: Array("only /metrics is served here\n".utf8))
        }
        guard method == "GET" || method == "HEAD" else {
            return respond(client, status: "405 Method Not Allowed", body: Array("GET /metrics\n".utf8), extra: "Allow: GET, HEAD\r\n")
        }
        respond(client, status: "200 OK", body: body(), contentType: Self.contentType, headOnly: method == "HEAD")
    }

    /// The request's line and headers, up to the blank line; nil when it is larger than allowed, or the
    /// client closed or timed out first.
    private func readHead(_ client: Int32) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while bytes.count < Self.maxRequestBytes {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += chunk[..<count]
            if let text = String(bytes: bytes, encoding: .utf8), text.contains("\r\n\r\n") || text.contains("\n\n") { return text }
        }
        return nil
    }

    private func respond(
        _ client: Int32, status: String, body: [UInt8], contentType: String = "text/plain; charset=utf-8",
        headOnly: Bool = false, extra: String = ""
    ) {
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\(extra)Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    static func parse(_ address: String) throws(MetricsListenerError) -> (host: String, port: UInt16) {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw MetricsListenerError(address: address, reason: "it is not HOST:PORT (for example 127.0.0.1:9464, or :9464)")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    private static func open(host: String, port: UInt16, given: String) throws(MetricsListenerError) -> (Int32, String) {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else {
            throw MetricsListenerError(address: given, reason: "the host '\(host)' does not resolve")
        }
        defer { freeaddrinfo(found) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MetricsListenerError(address: given, reason: String(cString: strerror(errno))) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw MetricsListenerError(address: given, reason: reason + " (is another process listening there?)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let boundPort: UInt16 = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        return (fd, "\(shown):\(boundPort)")
    }
}

/// `--metrics` names an address Ferry cannot listen on.
public struct MetricsListenerError: Error, CustomStringConvertible {
    public var address: String
    public var reason: String

    public var description: String {
        "cannot serve metrics on '\(address)': \(reason)"
    }
}
