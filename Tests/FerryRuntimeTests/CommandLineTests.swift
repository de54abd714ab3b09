import FerryTestSupport
import Foundation
import Testing

/// Runs the built `ferry` executable, as a user would.
@Suite struct CommandLineTests {
    /// `swift build --build-tests` puts the executable beside the test bundle.
    static var ferry: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ferry")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        return repositoryRoot.appendingPathComponent(".build/debug/ferry").path
    }

    var baseEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in environment.keys where name.hasPrefix("FERRY_") { environment[name] = nil }
        return environment
    }

    @Test func validateAcceptsEveryShippedPipeline() async throws {
        var environment = baseEnvironment
        for (name, value) in [
            "FERRY_GRAPH_URL": "http://127.0.0.1:1", "FERRY_TENANT_ID": "t", "FERRY_CLIENT_ID": "c",
            "FERRY_CLIENT_SECRET": "secret", "FERRY_PSEUDONYM_KEY": "a-key-of-enough-length",
        ] {
            environment[name] = value
        }
        let pipelines = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("pipelines").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(pipelines.contains("demo.yaml"))
        let result = try await Program.run(Self.ferry, ["validate"] + pipelines.map { repositoryRoot.appendingPathComponent("pipelines/\($0)").path }, environment: environment)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.split(separator: "\n").count == pipelines.count)
    }

    @Test func validateReportsFileLineAndColumnAndFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("bad.yaml")
        try """
            name: bad
            source:
              cloud: custom
              graph_url: http://127.0.0.1:1
              login_url: http://127.0.0.1:1
              tenant: ${FERRY_TEST_UNSET_TENANT}
              client_id: c
              client_secret: s
            datsets:
              - dataset: users
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await Program.run(
            Self.ferry, ["validate", "--schemas", repositoryRoot.appendingPathComponent("schemas").path, file.path],
            environment: baseEnvironment)
        #expect(result.status == 2)  // a configuration error
        #expect(result.output.contains("\(file.path):9:1: error: unknown key 'datsets' in the pipeline; did you mean 'datasets'?"), "\(result.output)")
        #expect(result.output.contains("\(file.path):6:11: error: environment variable FERRY_TEST_UNSET_TENANT is not set"), "\(result.output)")
    }

    @Test func helpListsTheCommands() async throws {
        let result = try await Program.run(Self.ferry, ["--help"], environment: baseEnvironment)
        #expect(result.status == 0)
        for command in ["validate", "run", "simulate", "schemas"] {
            #expect(result.output.contains(command))
        }
    }

    @Test func simulateRunsTheSimulatorProgramBesideFerry() async throws {
        let help = try await Program.run(Self.ferry, ["simulate", "--help"], environment: baseEnvironment)
        #expect(help.status == 0, "\(help.error)")
        for option in ["--users", "--seed", "--client-certificate", "--ready-file", "--throttle-scale"] {
            #expect(help.output.contains(option), "the simulator's own options: \(help.output)")
        }
    }

    @Test func simulateWithoutTheSimulatorProgramSaysWhatIsMissing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let alone = directory.url.appendingPathComponent("ferry")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.ferry), to: alone)
        let result = try await Program.run(alone.path, ["simulate", "--users", "2"], environment: baseEnvironment)
        #expect(result.status == 1)
        #expect(result.error.contains("needs the ferry-simulator program beside ferry"), "\(result.error)")
        #expect(result.error.contains(directory.url.appendingPathComponent("ferry-simulator").path), "\(result.error)")
    }

    @Test func schemasShowGivesEveryColumnItsKindOfPersonalData() async throws {
        let schemas = repositoryRoot.appendingPathComponent("schemas").path
        let users = try await Program.run(Self.ferry, ["schemas", "show", "users", "--directory", schemas], environment: baseEnvironment)
        #expect(users.status == 0, "\(users.error)")
        for line in ["  id  string  personal: identifier", "  mobilePhone  string  personal: phone", "  employeeId  string  personal: external_id"] {
            #expect(users.output.contains(line + "\n"), "\(users.output)")
        }
        #expect(users.output.contains("personal data kinds and their default modes: email hash, name hash, text drop, identifier keep, phone hash, external_id hash"))
        let events = try await Program.run(Self.ferry, ["schemas", "show", "events", "--directory", schemas], environment: baseEnvironment)
        #expect(events.output.contains("[].status.response=none"), "\(events.output)")
        #expect(events.output.contains("[].emailAddress.name=name, "), "\(events.output)")
        #expect(events.output.contains("anything else=name"), "\(events.output)")
    }

    @Test func runWithAMissingFileFailsWithoutAStackTrace() async throws {
        let result = try await Program.run(Self.ferry, ["run", "/nonexistent/pipeline.yaml"], environment: baseEnvironment)
        #expect(result.status == 2)  // a configuration error
        #expect(result.error.contains("/nonexistent/pipeline.yaml"))
        #expect(!result.error.contains("Fatal error"))
    }
}
