import ArgumentParser
import Foundation
import GraphSimulator
import UnixSignals

/// `ferry-simulator` (what `ferry simulate` runs): serves a synthetic tenant that behaves like Microsoft
/// Graph, on loopback.
///
/// A program of its own so that the production `ferry` binary does not link the simulator's HTTP server
/// stack (Hummingbird, NIO); `ferry simulate` replaces itself with this program, passing its arguments on.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry simulate",
        abstract: "Serve a synthetic, deterministic Microsoft 365 tenant over HTTP on loopback.",
        discussion: """
            Serves the token endpoint (POST /{tenant}/oauth2/v2.0/token) and Graph v1.0 under \
            /v1.0 from one base URL, printed on the first line of output. Point a pipeline at it with \
            source.cloud: custom and graph_url and login_url set to that URL. The client secret it \
            accepts comes from FERRY_SIMULATOR_CLIENT_SECRET (any non-empty secret when unset). For \
            certificate credentials, give the app's certificate with --client-certificate (repeatable): the \
            token endpoint then accepts client assertions signed PS256 by its key, found by x5t#S256. \
            Throttling, faults and latency are off unless asked for. POST /_admin/evolve changes the tenant \
            (users, groups, mail and events added, changed, deleted) for delta runs; GET /_admin/counters \
            shows requests by endpoint and status, 429s and Retry-After violations. Stops on SIGINT or SIGTERM.
            """)

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port: Int = 0

    @Option(help: "The loopback address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The number of users in the tenant.")
    var users: Int = 100

    @Option(help: "The seed the tenant's content is generated from.")
    var seed: UInt64 = 1

    @Option(name: .customLong("tenant-id"), help: "The tenant id (default: derived from the seed).")
    var tenantId: String?

    @Option(name: .customLong("client-id"), help: "The only client id accepted (default: any).")
    var clientId: String?

    @Option(
        name: .customLong("client-certificate"),
        help: ArgumentHelp(
            "A PEM certificate whose key may sign client assertions (repeatable).", valueName: "path"))
    var clientCertificates: [String] = []

    @Option(name: .customLong("messages-per-user"), help: "The average number of messages in a mailbox.")
    var messagesPerUser: Int = 20

    @Option(help: "Messages spread over this many days before the start of today (UTC).")
    var days: Int = 7

    @Option(name: .customLong("token-lifetime"), help: "Seconds an access token stays valid.")
    var tokenLifetime: Int = 3600

    @Option(
        help: ArgumentHelp(
            "The only scope the token endpoint grants (Entra ID grants a resource's application ID URI + /.default).",
            valueName: "scope"))
    var scope: String = SimulatorConfiguration.graphScope

    @Option(name: .customLong("ready-file"), help: "Write the base URL to this file once listening.")
    var readyFile: String?

    @Option(
        name: .customLong("throttle-scale"),
        help: "Throttle like Graph, its limits and windows scaled by this factor (1 = Graph's own; 0.01 = a hundredth). Off when absent.")
    var throttleScale: Double?

    @Option(name: .customLong("fault-rate"), help: "The share of requests answered with an injected fault (500, 503, 504, dropped connection, truncated JSON), 0 to 1.")
    var faultRate: Double = 0

    @Option(
        help: ArgumentHelp(
            "The Graph application permissions the app was granted, comma-separated (default: all); others are answered 403 as Graph does.",
            valueName: "Mail.Read,User.Read.All,..."))
    var permissions: String?

    @Option(
        name: .customLong("mailbox-scope"),
        help: ArgumentHelp(
            "Restrict the app to these mailboxes, as an Exchange application access policy or RBAC for Applications does: "
                + "user ids or principal names, comma-separated, or a file of one per line. Other mailboxes answer 403 "
                + "ErrorAccessDenied. Default: every mailbox.",
            valueName: "FILE|id,upn,..."))
    var mailboxScope: String?

    @Option(help: "Seconds each Graph request takes to answer, so concurrency limits can bite.")
    var latency: Double = 0

    func run() async throws {
        // Sent Items follow the Inbox's size (half of it), as the initializer works them out.
        var configuration = SimulatorConfiguration(messagesPerUser: messagesPerUser)
        configuration.host = host
        configuration.port = port
        configuration.users = users
        configuration.seed = seed
        configuration.tenantId = tenantId ?? SimulatorConfiguration.defaultTenantId(seed: seed)
        configuration.clientId = clientId
        configuration.clientSecret = ProcessInfo.processInfo.environment["FERRY_SIMULATOR_CLIENT_SECRET"]
        for path in clientCertificates {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("error: cannot read --client-certificate '\(path)': no such file, or not readable")
                throw ExitCode(1)
            }
            do {
                let text = String(decoding: data, as: UTF8.self)
                configuration.clientCertificates.append(try TrustedCertificate(pemEncoded: text))
            } catch {
                printError("error: --client-certificate '\(path)': \(error)")
                throw ExitCode(1)
            }
        }
        configuration.days = days
        configuration.tokenLifetime = tokenLifetime
        configuration.scope = scope
        configuration.throttling = throttleScale.map { ThrottlingPolicy.graph.scaled(by: $0, userCount: users) }
        // Spread over the kinds of fault Ferry must survive; token expiry is left to dedicated tests.
        let share = faultRate / 5
        configuration.faults = FaultPolicy(
            internalServerError: share, serviceUnavailable: share, gatewayTimeout: share, droppedConnection: share,
            truncatedBody: share, serviceUnavailableRetryAfter: 0.2)
        configuration.latency = latency
        configuration.permissions = permissions.map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let mailboxScope {
            // A file of one mailbox a line, or the mailboxes themselves.
            let text = FileManager.default.fileExists(atPath: mailboxScope)
                ? String(decoding: FileManager.default.contents(atPath: mailboxScope) ?? Data(), as: UTF8.self) : mailboxScope
            configuration.mailboxScope = Set(
                text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
        }

        let server: GraphSimulatorServer
        do {
            server = try await GraphSimulatorServer.start(configuration)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let trusting = clientCertificates.isEmpty
            ? "" : ", \(clientCertificates.count) client certificate\(clientCertificates.count == 1 ? "" : "s")"
        // Written unbuffered: scripts read the first line while the simulator keeps running.
        FileHandle.standardOutput.write(
            Data(
                "\(server.baseURL)\ntenant \(server.tenant.tenantId), \(users) users, seed \(seed)\(trusting)\n".utf8))
        if let readyFile {
            try Data((server.baseURL + "\n").utf8).write(to: URL(fileURLWithPath: readyFile), options: .atomic)
        }
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let stopper = Task {
            for await _ in signals {
                await server.stop()
                return
            }
        }
        try await server.waitUntilStopped()
        stopper.cancel()
        printError("simulator stopped")
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
