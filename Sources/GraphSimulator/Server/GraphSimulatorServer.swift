import Hummingbird
import ServiceLifecycle

/// The simulated Graph served over HTTP on loopback: token endpoint and Graph v1.0 on one base URL.
///
/// ```swift
/// var configuration = SimulatorConfiguration(users: 1_000)
/// configuration.throttling = .graph.scaled(by: 0.01)      // off unless set
/// configuration.faults = FaultPolicy(serviceUnavailable: 0.01)  // none unless set
/// let server = try await GraphSimulatorServer.start(configuration)
/// // token: POST \(server.baseURL)/\(server.tenant.tenantId)/oauth2/v2.0/token
/// // graph: GET  \(server.baseURL)/v1.0/users, POST \(server.baseURL)/v1.0/$batch, ...
/// server.advanceGeneration()            // or POST \(server.baseURL)/_admin/evolve
/// print(server.counters.throttled, server.counters.violations)
/// await server.stop()
/// ```
///
/// What a complete export must contain is on `tenant`: `users()`, `groups()`, `managerLinks()`,
/// `messages(ofUserAt:)`, `calendarView(ofUserAt:from:to:)` and the rest.
public final class GraphSimulatorServer: Sendable {
    /// The bound TCP port (the chosen one when the configuration asked for port 0).
    public let port: Int
    /// `http://127.0.0.1:PORT`: the login and Graph base URL, without a trailing slash.
    public let baseURL: String
    /// The content being served now (it changes when the tenant evolves).
    public var tenant: SimulatedTenant { gateway.tenant }

    /// What the simulator has counted so far: requests by endpoint and status, 429s, peak concurrency per
    /// mailbox, violations of `Retry-After`, injected faults.
    public var counters: SimulatorCounters { gateway.ledger.counters }

    /// Closed by tests that need requests held in progress; see `AdmissionGate`.
    var admissionGate: AdmissionGate { gateway.admissionGate }

    private let gateway: GraphGateway
    private let services: ServiceGroup
    private let serverTask: Task<Void, any Error>

    private init(port: Int, baseURL: String, gateway: GraphGateway, services: ServiceGroup, serverTask: Task<Void, any Error>) {
        self.port = port
        self.baseURL = baseURL
        self.gateway = gateway
        self.services = services
        self.serverTask = serverTask
    }

    /// Evolves the tenant to its next generation (users added, changed and deleted; new mail and events;
    /// some removed) and returns the new generation's number. Delta links issued before now return the changes.
    @discardableResult
    public func advanceGeneration() -> Int {
        gateway.advanceGeneration()
    }

    /// Expires every delta link and delta page link issued so far: their next use answers 410, and the
    /// client must synchronize again from the start.
    public func expireDeltaTokens() {
        gateway.expireDeltaTokens()
    }

    /// Clears the counters (limits keep their state), so a test can count one phase.
    public func resetCounters() {
        gateway.ledger.resetCounters()
    }

    /// Starts serving; returns once the port is bound.
    /// - Throws: `SimulatorConfigurationError` for a configuration it cannot serve (a non-loopback host, for
    ///   one), `SimulatorServerError` when the port cannot be bound.
    public static func start(_ configuration: SimulatorConfiguration) async throws -> GraphSimulatorServer {
        try configuration.validate()
        let gateway = GraphGateway(configuration: configuration)
        let host = configuration.host
        let listener = ListenerAddress(baseURL: ListenerAddress.baseURL(host: host, port: configuration.port))
        let (boundPorts, boundPort) = AsyncThrowingStream<Int, any Error>.makeStream()
        var application = Application(
            responder: GraphResponder(gateway: gateway, listener: listener),
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                // Set before any request is read: the server accepts connections only after this returns.
                listener.set(baseURL: ListenerAddress.baseURL(host: host, port: port))
                boundPort.yield(port)
            })
        // Hummingbird logs its start-up at info and the cancellation `stop()` uses at error level; both are
        // noise for the CLI and for tests that start many servers. Failures that matter are thrown instead.
        application.logger.logLevel = .critical

        // Run in a service group so that `stop()` can shut down gracefully: cancelling the serving task
        // instead traps in NIO when a connection was accepted but not yet served (swift-nio #3481).
        let services = ServiceGroup(configuration: .init(services: [application], logger: application.logger))
        let serverTask = Task {
            do {
                try await services.run()
                boundPort.finish()
            } catch {
                boundPort.finish(throwing: error)
                throw error
            }
        }
        do {
            var iterator = boundPorts.makeAsyncIterator()
            guard let port = try await iterator.next() else { throw CancellationError() }
            return GraphSimulatorServer(
                port: port, baseURL: listener.baseURL, gateway: gateway, services: services, serverTask: serverTask)
        } catch {
            serverTask.cancel()
            _ = await serverTask.result
            throw SimulatorServerError.couldNotListen(host: host, port: configuration.port, underlying: error)
        }
    }

    /// How long `stop()` lets requests in progress finish before it cuts them off.
    static let stopGrace = Duration.seconds(10)

    /// Stops accepting connections, closes idle ones, lets requests in progress finish (for at most
    /// `stopGrace`, then cuts them off) and returns when the listener is closed.
    public func stop() async {
        // Requests a test held at the gate are answered, or stopping would wait for them.
        gateway.admissionGate.open()
        await services.triggerGracefulShutdown()
        let serverTask = serverTask
        let cutOff = Task {
            try await Task.sleep(for: Self.stopGrace)
            serverTask.cancel()
        }
        _ = await serverTask.result
        cutOff.cancel()
    }

    /// Returns when the server has stopped (after `stop()`, from a signal handler for example).
    /// - Throws: `SimulatorServerError` if the server stopped because it failed.
    public func waitUntilStopped() async throws {
        do {
            try await serverTask.value
        } catch is CancellationError {
            return
        } catch {
            throw SimulatorServerError.failed(underlying: error)
        }
    }
}
