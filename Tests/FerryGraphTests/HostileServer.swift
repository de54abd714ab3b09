import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A scriptable HTTP/1.1 server on a loopback address that answers exactly the bytes a test tells it:
/// links to other hosts, wrong Content-Lengths, bytes dripped one at a time, HTML where JSON belongs.
///
/// Plain sockets rather than Hummingbird, because a well-behaved server library will not send a
/// malformed answer. One thread accepts, one thread serves each connection (keep-alive, until the
/// script closes it or the client does); every request is recorded with its headers, so a test can tell
/// whether a token ever reached it. Every loop is bounded by the socket closing.
final class HostileServer: Sendable {
    struct Request: Sendable {
        var method: String
        /// The request target: path and query.
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What to write back: `parts` in order, `interval` apart, then the connection stays open unless `close`.
    struct Reply: Sendable {
        var parts: [[UInt8]]
        var interval: Duration = .zero
        var close = false

        /// A response with a correct Content-Length unless `contentLength` says otherwise.
        static func response(
            _ status: Int, _ body: String, headers: [(String, String)] = [("Content-Type", "application/json")],
            contentLength: Int? = nil
        ) -> Reply {
            Reply(parts: [head(status, headers: headers, contentLength: contentLength ?? body.utf8.count) + Array(body.utf8)])
        }

        static func json(_ body: String) -> Reply { response(200, body) }

        /// The head at once, then the body one byte every `interval`.
        static func drip(_ body: String, every interval: Duration) -> Reply {
            let head = head(200, headers: [("Content-Type", "application/json")], contentLength: body.utf8.count)
            return Reply(parts: [head] + body.utf8.map { [$0] }, interval: interval)
        }

        static func head(_ status: Int, headers: [(String, String)], contentLength: Int) -> [UInt8] {
            var text = "HTTP/1.1 \(status) Scripted\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            text += "Content-Length: \(contentLength)\r\n\r\n"
            return Array(text.utf8)
        }
    }

    typealias Script = @Sendable (Request) -> Reply

    private struct State {
        var requests: [Request] = []
        var connections: Set<Int32> = []
        var stopped = false
    }

    let host: String
    let port: Int
    private let listener: Int32
    private let script: Script
    private let state = Mutex(State())

    var baseURL: String { "http://\(host):\(port)" }
    /// Every request received so far, in order.
    var requests: [Request] { state.withLock { $0.requests } }

    /// Runs `body` with a server on `host` (any free port, or `port`), then stops it.
    static func with<T>(
        host: String = "127.0.0.1", port: Int = 0, script: @escaping Script, _ body: (HostileServer) async throws -> T
    ) async throws -> T {
        let server = try HostileServer(host: host, port: port, script: script)
        defer { server.stop() }
        return try await body(server)
    }

    init(host: String = "127.0.0.1", port: Int = 0, script: @escaping Script) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HostileServerError(step: "socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw HostileServerError(step: "bind \(host):\(port)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.host = host
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = fd
        self.script = script
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting and cuts every open connection; threads end as their sockets fail.
    func stop() {
        state.withLock { state in
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for connection in state.connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { break }
            let open = state.withLock { state in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                return true
            }
            guard open else {
                close(connection)
                break
            }
            Thread { [self] in serve(connection) }.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        var buffer: [UInt8] = []
        while let request = readRequest(connection, buffer: &buffer) {
            state.withLock { $0.requests.append(request) }
            let reply = script(request)
            guard write(reply, to: connection), !reply.close else { break }
        }
        state.withLock { state in
            state.connections.remove(connection)
            close(connection)
        }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func write(_ reply: Reply, to connection: Int32) -> Bool {
        for (index, part) in reply.parts.enumerated() {
            if index > 0, reply.interval > .zero {
                let (seconds, attoseconds) = reply.interval.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            }
            guard !isStopped else { return false }
            var sent = 0
            while sent < part.count {
                let count = part[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { return false }
                sent += count
            }
        }
        return true
    }

    /// The next request on `connection`, or nil when it closed (or sent more than a test ever needs).
    private func readRequest(_ connection: Int32, buffer: inout [UInt8]) -> Request? {
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let end = Self.find(separator, in: buffer) {
                headEnd = end
                break
            }
            guard buffer.count < 65_536, receive(connection, into: &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let start = lines[0].split(separator: " ")
        guard start.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let bodyStart = headEnd + separator.count
        while buffer.count < bodyStart + length {
            guard length <= 1_048_576, receive(connection, into: &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(start[0]), target: String(start[1]), headers: headers, body: body)
    }

    private func receive(_ connection: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<index + needle.count].elementsEqual(needle) {
            return index
        }
        return nil
    }
}

struct HostileServerError: Error, CustomStringConvertible {
    var step: String
    var description: String { "the hostile test server failed at \(step)" }
}
