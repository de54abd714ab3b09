import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// `ferry check` and `ferry plan` as a user runs them: their exit codes, and nothing secret in what they print.
@Suite struct CheckAndPlanCommandTests {
    func environment(_ simulated: SimulatedEnvironment) -> [String: String] {
        var environment = CommandLineTests().baseEnvironment
        environment.merge(simulated.environment) { $1 }
        return environment
    }

    @Test func checkExitsZeroOnlyWhenThePipelineCanRunAndFourForAMissingPermission() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let demo = repositoryRoot.appendingPathComponent("pipelines/demo.yaml").path
        try await SimulatedEnvironment.with(users: 12, seed: 95, output: directory.url) { simulated in
            let result = try await Program.run(CommandLineTests.ferry, ["check", demo], environment: environment(simulated))
            #expect(result.status == 0, "\(result.output)\(result.error)")
            #expect(result.output.hasSuffix("ok: the pipeline can run\n"), "\(result.output)")
            #expect(!result.output.contains(SimulatedEnvironment.secret) && !result.error.contains(SimulatedEnvironment.secret))
        }
        var configuration = SimulatedEnvironment.configuration(users: 12, seed: 95)
        configuration.permissions = ["User.Read.All"]
        try await SimulatedEnvironment.with(configuration, output: directory.url) { simulated in
            let result = try await Program.run(CommandLineTests.ferry, ["check", demo], environment: environment(simulated))
            #expect(result.status == 4, "\(result.output)\(result.error)")
            #expect(result.output.contains("  problem: messages: needs Mail.ReadBasic.All: grant this application permission"))
        }
    }

    @Test func planOfflineNeedsNoGraph() async throws {
        var environment = CommandLineTests().baseEnvironment
        for (name, value) in [
            "FERRY_GRAPH_URL": "http://127.0.0.1:1", "FERRY_TENANT_ID": "t", "FERRY_CLIENT_ID": "c",
            "FERRY_CLIENT_SECRET": "secret", "FERRY_PSEUDONYM_KEY": "a-key-of-enough-length",
        ] {
            environment[name] = value
        }
        let demo = repositoryRoot.appendingPathComponent("pipelines/demo.yaml").path
        let result = try await Program.run(CommandLineTests.ferry, ["plan", demo, "--users", "5000"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("total: 5006 Graph requests"), "\(result.output)")  // nothing listens on port 1
    }
}
