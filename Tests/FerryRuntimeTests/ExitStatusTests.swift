import FerryGraph
import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// Ferry's exit codes are a contract (Kubernetes' podFailurePolicy maps them): each kind of failure
/// ends with its own code.
@Suite struct ExitStatusTests {
    @Test("errors map to their exit codes")
    func errorsMapToCodes() throws {
        #expect(ExitStatus.of(GraphResponseError(url: "https://graph.microsoft.com/v1.0/users", status: 403, body: nil)) == .authentication)
        #expect(ExitStatus.of(GraphResponseError(url: "https://graph.microsoft.com/v1.0/users", status: 404, body: nil)) == .failed)
        #expect(ExitStatus.of(GraphRequestError(reason: .unauthorized, method: "GET", url: "https://graph.microsoft.com/v1.0/users", status: 401, attempts: 2)) == .authentication)
        #expect(ExitStatus.of(GraphRequestError(reason: .token, method: "GET", url: "https://graph.microsoft.com/v1.0/users", attempts: 1)) == .authentication)
        #expect(ExitStatus.of(GraphRequestError(reason: .attemptsExhausted, method: "GET", url: "https://graph.microsoft.com/v1.0/users", status: 503, attempts: 5)) == .failed)
        #expect(ExitStatus.of(RunError(pipeline: "p", reason: "stopped", stopped: true)) == .interrupted)
        #expect(ExitStatus.of(RunError(pipeline: "p", reason: "x", status: .authentication)) == .authentication)
        #expect(ExitStatus.of(shardError()) == .configuration)
        #expect(ExitStatus.of(CancellationError()) == .failed)
        #expect(Set(ExitStatus.allCases.map(\.rawValue)).count == ExitStatus.allCases.count)
    }

    private func shardError() -> any Error {
        do { _ = try Shard(parsing: "9/2") } catch { return error }
        return CancellationError()
    }

    @Test("the command line ends with the documented code: configuration 2, credentials refused 4")
    func commandsExitWithTheirCodes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 1620, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = repositoryRoot.appendingPathComponent("pipelines/demo.yaml").path
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") && $0.key != "JOB_COMPLETION_INDEX" }
            environment.merge(simulated.environment) { $1 }
            environment["FERRY_CLIENT_SECRET"] = "not-the-secret"
            let refused = try await Program.run(CommandLineTests.ferry, ["run", "--stateless", "--no-progress", pipeline], environment: environment)
            #expect(refused.status == ExitStatus.authentication.rawValue, "\(refused.error)")
            #expect(!refused.error.contains("not-the-secret"))
            let noIndex = try await Program.run(CommandLineTests.ferry, ["run", "--stateless", "--shards", "3", pipeline], environment: environment)
            #expect(noIndex.status == ExitStatus.configuration.rawValue)
            #expect(noIndex.error.contains("--shards 3 takes the shard number from JOB_COMPLETION_INDEX, which is not set"), "\(noIndex.error)")
            let noRunId = try await Program.run(CommandLineTests.ferry, ["run", "--stateless", "--shard", "1/3", pipeline], environment: environment)
            #expect(noRunId.status == ExitStatus.configuration.rawValue)
            #expect(noRunId.error.contains("a sharded run needs a run id shared by all its shards"), "\(noRunId.error)")
            let nothing = try await Program.run(CommandLineTests.ferry, ["verify", directory.url.path], environment: environment)
            #expect(nothing.status == ExitStatus.configuration.rawValue, "\(nothing.output)\(nothing.error)")
            let usage = try await Program.run(CommandLineTests.ferry, ["run", "--no-such-option"], environment: environment)
            #expect(usage.status == ExitStatus.usage.rawValue)
        }
    }
}
