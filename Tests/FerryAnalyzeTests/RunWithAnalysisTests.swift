import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// `ferry run` of a pipeline with an `analyze:` section (the demo's `pipelines/demo-analysis.yaml`) exports
/// from the simulator and then analyses the export: mail and meetings reach the report.
@Suite struct RunWithAnalysisTests {
    @Test func runExportsThenAnalysesWhatItExported() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let output = temporary.url.appending(path: "out", directoryHint: .isDirectory)
        var configuration = SimulatorConfiguration()
        configuration.users = 120
        configuration.seed = 21
        configuration.messagesPerUser = 12
        configuration.clientId = "ferry-test"
        configuration.clientSecret = "secret-\(UUID().uuidString)"
        try await withSimulator(configuration) { server in
            let environment = ProcessInfo.processInfo.environment.merging([
                "FERRY_GRAPH_URL": server.baseURL, "FERRY_TENANT_ID": server.tenant.tenantId, "FERRY_CLIENT_ID": "ferry-test",
                "FERRY_CLIENT_SECRET": configuration.clientSecret!, "FERRY_PSEUDONYM_KEY": "pseudonym-key-\(UUID().uuidString)",
                "FERRY_OUT": output.path,
            ]) { $1 }
            let result = try await Program.run(
                AnalyzeCommandTests.ferry, ["run", "--stateless", "--no-progress", root.appending(path: "pipelines/demo-analysis.yaml").path],
                environment: environment)
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("analysis (the pipeline's analyze: section):"))
            let analysed = try #require(result.output.split(separator: "\n").first { $0.contains("analysed ") })
            // "analysed N people, M mails, K meetings, T ties": the demo's export has meetings.
            let numbers = analysed.split(separator: " ").compactMap { Int($0) }
            #expect(numbers.count >= 3 && numbers[2] > 0, "\(analysed)")
            #expect(FileManager.default.fileExists(atPath: output.appending(path: "analysis/report.html").path(percentEncoded: false)))
            #expect(FileManager.default.fileExists(atPath: output.appending(path: "analysis/group_week").path(percentEncoded: false)))
        }
    }
}
