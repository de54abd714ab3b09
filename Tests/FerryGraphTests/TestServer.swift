import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A Hummingbird server bound to 127.0.0.1 on a port the OS picks, for one test.
struct TestServer {
    let port: Int
    private let services: ServiceGroup
    private let task: Task<Void, Never>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a server answering with `router`, and stops the server afterwards.
    static func with<T, Routes: HTTPResponderBuilder>(
        _ router: Routes, _ body: (TestServer) async throws -> T
    ) async throws -> T where Routes.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let server = try await start(router)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    static func start<Routes: HTTPResponderBuilder>(_ router: Routes) async throws -> TestServer
    where Routes.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        // Stopped gracefully: cancelling the serving task traps in NIO when a connection was accepted
        // but not yet served (swift-nio #3481).
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            try? await services.run()
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw TestServerError()
        }
        return TestServer(port: port, services: services, task: task)
    }

    /// Stops accepting, lets requests in progress finish for up to ten seconds, then cuts them off.
    func stop() async {
        await services.triggerGracefulShutdown()
        let task = task
        let cutOff = Task {
            try await Task.sleep(for: .seconds(10))
            task.cancel()
        }
        await task.value
        cutOff.cancel()
    }
}

/// A request context that knows the client's port, so tests can tell connections apart.
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's source port: one value per TCP connection.
    let peerPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String { "the test server did not start on 127.0.0.1" }
}

/// A thread-safe counter and log the route handlers and the test share.
final class Recorder: Sendable {
    private let state = Mutex<(count: Int, values: [String])>((0, []))

    /// Adds one and returns the new count.
    @discardableResult
    func next(_ value: String = "") -> Int {
        state.withLock { state in
            state.count += 1
            state.values.append(value)
            return state.count
        }
    }

    var count: Int { state.withLock { $0.count } }
    var values: [String] { state.withLock { $0.values } }
}

extension Response {
    static func text(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
