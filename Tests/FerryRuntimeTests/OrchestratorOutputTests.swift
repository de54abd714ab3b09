import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// What an orchestrator reads of `ferry`: JSON logs, `--summary-json`, `runs --json`, `status --json`; and
/// that none of it holds a secret, a token or a raw identity of the tenant.
@Suite("Orchestrator output")
struct OrchestratorOutputTests {
    struct Exported {
        var result: ProgramResult
        var report: RunReport
        var reportText: String
    }

    /// Runs demo.yaml through the `ferry` binary against a fresh simulator.
    static func run(
        _ simulated: SimulatedEnvironment, in directory: TemporaryDirectory, environment overriding: [String: String] = [:]
    ) async throws -> Exported {
        let summaryFile = directory.url.appendingPathComponent("summary.json")
        let arguments = [
            "run", repositoryRoot.appendingPathComponent("pipelines/demo.yaml").path, "--no-progress",
            "--log-format", "json", "--log-level", "trace", "--summary-json", summaryFile.path,
            "--state", directory.url.appendingPathComponent("state.sqlite").path,
        ]
        var environment = CommandLineTests().baseEnvironment.merging(simulated.environment) { $1 }
        environment.merge(overriding) { $1 }
        let result = try await Program.run(CommandLineTests.ferry, arguments, environment: environment)
        let reportText = try String(contentsOf: summaryFile, encoding: .utf8)
        return Exported(result: result, report: try RunReport.read(from: summaryFile), reportText: reportText)
    }

    /// Every line of standard error, parsed: each must be one JSON object.
    static func logLines(_ result: ProgramResult) throws -> [[String: Any]] {
        try result.error.split(separator: "\n").map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(line)")
        }
    }

    @Test func aRunsJSONLogsSummaryAndHistoryParseAndHoldNoSecretTokenOrIdentity() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 40, seed: 21, output: directory.url.appendingPathComponent("out")) { simulated in
            let exported = try await Self.run(simulated, in: directory)
            let result = exported.result
            #expect(result.status == 0, "\(result.error)")

            let lines = try Self.logLines(result)
            #expect(lines.count > 10, "trace level logs the run's steps")
            for line in lines {
                #expect(line["time"] is String && line["level"] is String && line["logger"] is String && line["message"] is String)
            }
            #expect(lines.contains { $0["message"] as? String == "run succeeded" })

            let report = exported.report
            #expect(report.outcome == .succeeded)
            #expect(report.pipeline == "demo")
            #expect(report.datasets.map(\.dataset) == ["users", "messages"])
            #expect(report.rows == report.datasets.reduce(0) { $0 + $1.rows })
            #expect(report.datasets[0].rows == 40)
            let runId = try #require(report.runId)
            #expect(result.output.contains("run \(runId) of pipeline 'demo' succeeded"))
            for dataset in report.datasets {
                #expect(dataset.partitions.reduce(0) { $0 + $1.rows } == dataset.rows)
                for partition in dataset.partitions {
                    #expect(FileManager.default.fileExists(atPath: partition.directory + "/_manifest.json"))
                }
            }

            let state = ["--state", directory.url.appendingPathComponent("state.sqlite").path]
            let runs = try await Program.run(CommandLineTests.ferry, ["runs", "--json"] + state)
            #expect(runs.status == 0, "\(runs.error)")
            let history = try #require(try JSONSerialization.jsonObject(with: runs.outputData) as? [[String: Any]])
            #expect(history.count == 1)
            #expect(history.first?["run_id"] as? String == runId)
            #expect(history.first?["status"] as? String == "succeeded")
            #expect(history.first?["rows"] as? Int == report.rows)
            let status = try await Program.run(CommandLineTests.ferry, ["status", "--json"] + state)
            #expect(status.status == 0, "\(status.error)")
            let pipelines = try #require(try JSONSerialization.jsonObject(with: status.outputData) as? [[String: Any]])
            #expect(pipelines.map { $0["pipeline"] as? String } == ["demo"])
            #expect((pipelines.first?["last_run"] as? [String: Any])?["run_id"] as? String == runId)
            #expect((pipelines.first?["last_success"] as? [String: Any])?["run_id"] as? String == runId)
            #expect((pipelines.first?["watermarks"] as? [String: String])?["messages"] != nil)

            // No secret, token or raw identity in anything an orchestrator or a log collector reads.
            let window = try #require(try simulated.loadPipeline("demo.yaml").window).resolve(now: Date())
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: window)
            let bytes = Array((result.error + result.output + exported.reportText + runs.output + status.output).utf8)
            #expect(truth.identities.count > 100)
            let leaked = truth.identities.filter { $0.count >= 4 && occurs($0, in: bytes) }
            #expect(leaked.isEmpty, "raw identities in logs or results: \(leaked.prefix(5))")
            #expect(!occurs(SimulatedEnvironment.key, in: bytes))
            #expect(!occurs(SimulatedEnvironment.secret, in: bytes))
            #expect(!occurs("eyJ", in: bytes), "an access token (a JWT) reached a log line or a result")
            #expect(!occurs("@", in: Array(result.error.utf8)), "an address-like value reached a log line")
        }
    }

    @Test func aFailedRunStillWritesItsSummaryWithoutTheSecretItWasGiven() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 22, output: directory.url.appendingPathComponent("out")) { simulated in
            let wrongSecret = "wrong-secret-\(UUID().uuidString)"
            let exported = try await Self.run(simulated, in: directory, environment: ["FERRY_CLIENT_SECRET": wrongSecret])
            #expect(exported.result.status != 0)
            #expect(exported.report.outcome == .failed)
            #expect(exported.report.pipeline == "demo")
            #expect(exported.report.datasets.isEmpty)
            let error = try #require(exported.report.error)
            #expect(error.contains("AADSTS7000215"), "the report says why: \(error)")
            _ = try Self.logLines(exported.result)
            let bytes = Array((exported.result.error + exported.reportText).utf8)
            #expect(!occurs(wrongSecret, in: bytes))
            #expect(!occurs(SimulatedEnvironment.key, in: bytes))
        }
    }
}
