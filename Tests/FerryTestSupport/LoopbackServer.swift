import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird server bound to 127.0.0.1 on a port the OS picks, for one test: `with` starts it and
/// always stops it, gracefully, before returning.
public struct LoopbackServer: Sendable {
    public let port: Int
    private let services: ServiceGroup
    private let task: Task<Void, Never>

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a server answering with `router`, and stops the server afterwards.
    public static func with<T, Routes: HTTPResponderBuilder>(
        _ router: Routes, _ body: (LoopbackServer) async throws -> T
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

    public static func start<Routes: HTTPResponderBuilder>(_ router: Routes) async throws -> LoopbackServer
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
            throw LoopbackServerError()
        }
        return LoopbackServer(port: port, services: services, task: task)
    }

    /// Stops accepting, lets requests in progress finish for up to ten seconds, then cuts them off.
    public func stop() async {
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

public struct LoopbackServerError: Error, CustomStringConvertible {
    public var description: String { "the test server did not start on 127.0.0.1" }
}
