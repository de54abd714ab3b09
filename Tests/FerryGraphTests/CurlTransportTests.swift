import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import FerryGraph

@Suite("CurlTransport")
struct CurlTransportTests {
    static let probeHeader = HTTPField.Name("X-Probe")!
    static let echoHeader = HTTPField.Name("X-Echo-Probe")!

    /// Routes shared by the transport tests.
    static func router(hits: Recorder = Recorder()) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("hello") { request, _ -> Response in
            var headers = HTTPFields()
            headers[echoHeader] = request.headers[probeHeader] ?? "none"
            return .text("hello \(request.uri.query ?? "")", headers: headers)
        }
        router.post("echo") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            let type = request.headers[.contentType] ?? "none"
            return .text("\(type)|\(String(buffer: body))", status: .created)
        }
        router.get("item/:n") { _, context -> Response in
            hits.next()
            let n = context.parameters.get("n") ?? "?"
            return .text("item-\(n)")
        }
        router.get("large") { _, _ -> Response in
            .bytes(largeBody)
        }
        router.get("gzip") { request, _ -> Response in
            guard request.headers[.acceptEncoding]?.contains("gzip") == true else {
                return .text("client did not offer gzip", status: .notAcceptable)
            }
            var response = Response.bytes(gzipBody)
            response.headers[.contentEncoding] = "gzip"
            return response
        }
        router.get("slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(5))
            return .text("late")
        }
        return router
    }

    /// 5 MB that a dropped or reordered chunk would change.
    static let largeBody: [UInt8] = (0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }

    @Test func getAndPostRoundTrip() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let get = try await transport.send(.init(url: "\(server.baseURL)/hello?x=1", headers: [("X-Probe", "p-42")]))
            #expect(get.status == 200)
            #expect(get.body.text == "hello x=1")
            #expect(get.header("X-ECHO-PROBE") == "p-42")
            #expect(get.headers.allSatisfy { $0.name == $0.name.lowercased() })

            let post = try await transport.send(.init(
                method: "POST", url: "\(server.baseURL)/echo", headers: [("Content-Type", "application/json")],
                body: Array(#"{"a":"é"}"#.utf8)))
            #expect(post.status == 201)
            #expect(post.body.text == #"application/json|{"a":"é"}"#)
            await transport.shutdown()
        }
    }

    /// On one loop thread and on several, the requests dealt among them in turn.
    @Test(arguments: [1, 3]) func concurrentRequestsAllCompleteWithTheirOwnBodies(loops: Int) async throws {
        let hits = Recorder()
        try await TestServer.with(Self.router(hits: hits)) { server in
            let transport = try CurlTransport(maxConnections: 16, loops: loops)
            #expect(transport.loopCount == loops)
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for n in 0..<200 {
                    group.addTask {
                        let response = try await transport.send(.init(url: "\(server.baseURL)/item/\(n)"))
                        return (n, response.body.text)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0.value == "item-\($0.key)" })
            #expect(hits.count == 200)
            await transport.shutdown()
            await #expect(throws: TransportError.self) { _ = try await transport.send(.init(url: "\(server.baseURL)/item/1")) }
        }
    }

    @Test func aLoopForEveryFourCoresUpToEight() {
        #expect([1, 2, 4, 7, 8, 16, 32, 64].map { CurlTransport.loopCount(cores: $0) } == [1, 1, 1, 1, 2, 4, 8, 8])
    }

    @Test func connectionsAreReused() async throws {
        let peers = Recorder()
        let router = Router(context: PeerContext.self)
        router.get("peer") { _, context -> Response in
            peers.next("\(context.peerPort ?? -1)")
            return .text("ok")
        }
        try await TestServer.with(router) { server in
            let transport = try CurlTransport(maxConnections: 4)
            for _ in 0..<30 {
                _ = try await transport.send(.init(url: "\(server.baseURL)/peer"))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await transport.send(.init(url: "\(server.baseURL)/peer")) } }
                try await group.waitForAll()
            }
            #expect(peers.count == 70)
            // Sequential requests share one connection; concurrent ones stay within maxConnections.
            #expect(Set(peers.values.prefix(30)).count == 1)
            #expect(Set(peers.values).count <= 4)
            #expect(!peers.values.contains("-1"))
            await transport.shutdown()
        }
    }

    @Test func largeBodyArrivesIntact() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let response = try await transport.send(.init(url: "\(server.baseURL)/large"))
            #expect(response.status == 200)
            #expect(response.body.count == Self.largeBody.count)
            #expect(response.body == Self.largeBody)
            await transport.shutdown()
        }
    }

    /// gzip of `{"value":["decoded by libcurl"]}`.
    static let gzipBody: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0x56, 0x2a, 0x4b, 0xcc, 0x29, 0x4d, 0x55,
        0xb2, 0x8a, 0x56, 0x4a, 0x49, 0x4d, 0xce, 0x4f, 0x49, 0x4d, 0x51, 0x48, 0xaa, 0x54, 0xc8, 0xc9, 0x4c, 0x4a,
        0x2e, 0x2d, 0xca, 0x51, 0x8a, 0xad, 0x05, 0x00, 0x9a, 0xd7, 0xd5, 0x44, 0x20, 0x00, 0x00, 0x00,
    ]

    @Test func gzipBodiesAreOfferedAndDecoded() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let response = try await transport.send(.init(url: "\(server.baseURL)/gzip"))
            #expect(response.status == 200)
            #expect(response.body.text == #"{"value":["decoded by libcurl"]}"#)
            await transport.shutdown()
        }
    }

    @Test func connectionRefusedIsRetryable() async throws {
        let server = try await TestServer.start(Self.router())
        let deadURL = "\(server.baseURL)/hello"
        await server.stop()
        let transport = try CurlTransport()
        let error = try await #require(throws: TransportError.self) {
            try await transport.send(.init(url: deadURL, timeout: .seconds(5)))
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.isRetryable)
        #expect(error.curlCode == 7)
        #expect(error.description.contains(deadURL))
        await transport.shutdown()
    }

    @Test(arguments: [
        "http://example.com/v1.0/users", "http://127.0.0.1@example.com/", "http://127.0.0.1.nip.io/",
        "http://localhost.example.com/", "http://[::2]/", "HTTP://10.0.0.1/",
    ])
    func plainHTTPToNonLoopbackIsRefusedBeforeSending(url: String) async throws {
        let transport = try CurlTransport()
        let error = try await #require(throws: TransportError.self) {
            try await transport.send(.init(url: url))
        }
        // Refused before sending: a lookup or a connection attempt would fail with another kind.
        #expect(error.kind == .insecureURL)
        #expect(!error.isRetryable)
        #expect(error.description.contains("https://"))
        await transport.shutdown()
    }

    @Test func badURLsAndHeaderInjectionAreRefused() async throws {
        let transport = try CurlTransport()
        for url in ["not a url", "ftp://example.com/file", "https://"] {
            let error = try await #require(throws: TransportError.self) { try await transport.send(.init(url: url)) }
            #expect(error.kind == .badURL, "\(url)")
        }
        let error = try await #require(throws: TransportError.self) {
            try await transport.send(.init(url: "https://example.com/", headers: [("X-A", "1\r\nX-Injected: 2")]))
        }
        #expect(error.kind == .invalidRequest)
        await transport.shutdown()
    }

    @Test func loopbackHosts() {
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "[::1]", "[0:0:0:0:0:0:0:1]"] {
            #expect(RequestValidation.isLoopback(host), "\(host)")
        }
        for host in ["128.0.0.1", "127.0.0", "127.0.0.1.example.com", "[::2]", "example.com", "[::ffff:127.0.0.1]", "0x7f.0.0.1"] {
            #expect(!RequestValidation.isLoopback(host), "\(host)")
        }
    }

    @Test func shutdownFailsPendingSendsAndLaterOnes() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let pending = Task { try await transport.send(.init(url: "\(server.baseURL)/slow")) }
            try await Task.sleep(for: .milliseconds(200))
            await transport.shutdown()
            await transport.shutdown()
            // Failed, not answered: a transfer left running would have got the server's late answer.
            let error = await #expect(throws: TransportError.self) { try await pending.value }
            #expect(error?.kind == .shutdown)
            let later = await #expect(throws: TransportError.self) {
                try await transport.send(.init(url: "\(server.baseURL)/hello"))
            }
            #expect(later?.kind == .shutdown)
        }
    }

    @Test func cancellingTheTaskRemovesTheTransfer() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let pending = Task { try await transport.send(.init(url: "\(server.baseURL)/slow")) }
            try await Task.sleep(for: .milliseconds(200))
            pending.cancel()
            // Cancelled, not answered: a transfer left running would have got the server's late answer.
            await #expect(throws: CancellationError.self) { try await pending.value }
            // The transport still works after a cancellation.
            let response = try await transport.send(.init(url: "\(server.baseURL)/hello"))
            #expect(response.status == 200)
            await transport.shutdown()
        }
    }

    @Test func timeoutIsRetryable() async throws {
        try await TestServer.with(Self.router()) { server in
            let transport = try CurlTransport()
            let error = try await #require(throws: TransportError.self) {
                try await transport.send(.init(url: "\(server.baseURL)/slow", timeout: .milliseconds(300)))
            }
            #expect(error.kind == .timedOut)
            #expect(error.isRetryable)
            await transport.shutdown()
        }
    }
}
