import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Logging
import Testing

/// A pipeline that signs in with a certificate instead of a client secret, run against the simulator.
@Suite struct CertificateRunTests {
    /// A pipeline exporting the users, its credential the certificate and key the environment names.
    static let pipeline = """
        name: certificate-run
        \(SimulatedEnvironment.sourceEndpointsYAML)
          certificate: ${FERRY_CERTIFICATE}
          private_key: ${FERRY_PRIVATE_KEY}
        scope:
          users: all
          exclude_guests: false
        datasets:
          - dataset: users
        load:
          path: ${FERRY_OUT}
        """

    /// Writes the pipeline and the client's PEM files to `directory`, and loads the pipeline.
    static func load(
        _ simulated: SimulatedEnvironment, client: SimulatedClientCertificate, directory: URL
    ) throws -> Pipeline {
        let certificate = directory.appendingPathComponent("app.pem")
        let key = directory.appendingPathComponent("app.key")
        try Data(client.certificatePEM.utf8).write(to: certificate)
        try Data(client.pkcs8PrivateKeyPEM.utf8).write(to: key)
        let file = directory.appendingPathComponent("certificate-run.yaml")
        try Data(pipeline.utf8).write(to: file)
        var environment = simulated.environment
        environment["FERRY_CLIENT_SECRET"] = nil
        environment["FERRY_CERTIFICATE"] = certificate.path
        environment["FERRY_PRIVATE_KEY"] = key.path
        return try PipelineLoader(environment: environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas"))
            .load(file)
    }

    static var quiet: RunOptions {
        var logger = Logger(label: "certificate-run")
        logger.logLevel = .critical
        return RunOptions(logger: logger)
    }

    @Test func aPipelineSignedInWithACertificateExportsTheUsers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try SimulatedClientCertificate.generate()
        var configuration = SimulatedEnvironment.configuration(users: 25, seed: 7)
        configuration.clientCertificates = [client.trusted]
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in

            let pipeline = try Self.load(simulated, client: client, directory: directory.url)
            #expect(pipeline.source.clientSecret == nil)
            let summary = try await PipelineRunner(pipeline: pipeline, options: Self.quiet).run()

            let ids = try EndToEndTests.readDataset(simulated.output, "users").ids
            let expected = Set((0..<simulated.server.tenant.userCount).map { simulated.server.tenant.user(at: $0).id })
            #expect(ids.count == expected.count)
            #expect(Set(ids) == expected)
            #expect(summary.datasets.map(\.rows) == [expected.count])
            #expect(simulated.server.counters.count(.token, status: 200) >= 1)
        }
    }

    @Test func anUntrustedCertificateFailsTheRunWithEntrasReason() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let trusted = try SimulatedClientCertificate.generate()
        let stranger = try SimulatedClientCertificate.generate()
        var configuration = SimulatedEnvironment.configuration(users: 5, seed: 7)
        configuration.clientCertificates = [trusted.trusted]
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in

            let pipeline = try Self.load(simulated, client: stranger, directory: directory.url)
            let error = try await #require(throws: RunError.self) {
                try await PipelineRunner(pipeline: pipeline, options: Self.quiet).run()
            }
            #expect(error.description.contains("AADSTS700027"), "\(error)")
            #expect(error.description.contains("upload source.certificate"), "\(error)")
            for line in stranger.pkcs8PrivateKeyPEM.split(separator: "\n") where !line.hasPrefix("-----") {
                #expect(!error.description.contains(line))
            }
            #expect(visibleFiles(under: simulated.output).isEmpty)
        }
    }

    @Test func anExpiredCertificateFailsBeforeAnyRequest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let expired = try SimulatedClientCertificate.generate(
            notValidBefore: Date(timeIntervalSinceNow: -2 * 86_400), notValidAfter: Date(timeIntervalSinceNow: -86_400))
        var configuration = SimulatedEnvironment.configuration(users: 5, seed: 7)
        configuration.clientCertificates = [expired.trusted]
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in

            let pipeline = try Self.load(simulated, client: expired, directory: directory.url)
            let error = try await #require(throws: RunError.self) {
                try await PipelineRunner(pipeline: pipeline, options: Self.quiet).run()
            }
            #expect(error.description.contains("app.pem' expired on"), "\(error)")
            #expect(simulated.server.counters.totalRequests == 0, "nothing is sent with a certificate known to be expired")
        }
    }

    @Test func ferrySimulateTrustsTheCertificateOfItsFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try SimulatedClientCertificate.generate()
        let certificate = directory.url.appendingPathComponent("app.pem")
        let key = directory.url.appendingPathComponent("app.key")
        try Data(client.certificatePEM.utf8).write(to: certificate)
        try Data(client.privateKeyPEM.utf8).write(to: key)
        let file = directory.url.appendingPathComponent("certificate-run.yaml")
        try Data(Self.pipeline.utf8).write(to: file)
        try await SimulateCommand.with(
            ["--users", "7", "--client-id", "cli-app", "--client-certificate", certificate.path], in: directory.url
        ) { url in
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") }
            environment["FERRY_GRAPH_URL"] = url
            environment["FERRY_TENANT_ID"] = SimulatorConfiguration.defaultTenantId(seed: 1)
            environment["FERRY_CLIENT_ID"] = "cli-app"
            environment["FERRY_CERTIFICATE"] = certificate.path
            environment["FERRY_PRIVATE_KEY"] = key.path
            environment["FERRY_OUT"] = directory.url.appendingPathComponent("out").path
            let run = try await Program.run(
                CommandLineTests.ferry,
                ["run", "--stateless", "--no-progress", "--schemas", repositoryRoot.appendingPathComponent("schemas").path, file.path],
                environment: environment)
            #expect(run.status == 0, "\(run.output)\(run.error)")
        }
        let rows = try EndToEndTests.readDataset(directory.url.appendingPathComponent("out"), "users").ids.count
        #expect(rows == 7)

        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") }
        let refused = try await Program.run(
            CommandLineTests.ferry, ["simulate", "--client-certificate", directory.url.appendingPathComponent("none.pem").path],
            environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error.contains("cannot read --client-certificate"), "\(refused.error)")
        let notPEM = try await Program.run(CommandLineTests.ferry, ["simulate", "--client-certificate", key.path], environment: environment)
        #expect(notPEM.status == 1)
        #expect(notPEM.error.contains("PEM certificate"), "\(notPEM.error)")
        #expect(!notPEM.error.contains("PRIVATE KEY"))
    }
}
