import FerryConfig
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Pipeline files built to crash a reader, given to the real `ferry validate` and to `ferry schedule`'s service.
@Suite struct HostileFileTests {
    static let files = [
        ("flow.yaml", HostileYAML.flowNesting(2_500), "lists and mappings nest more than 64 levels deep here"),
        ("block.yaml", HostileYAML.blockNesting(3_000), "lists and mappings nest more than 64 levels deep here"),
        ("defaults.yaml", HostileYAML.interpolationNesting(6_000), "'${...:-default}' references in 'source.client_id' nest more than 16 deep"),
        ("laughs.yaml", HostileYAML.aliasBomb(levels: 9), "YAML aliases (*name) expand the file beyond"),
    ]

    /// A stack overflow or an alias bomb killed the process; now each file is one error with its place.
    @Test func validateReportsEachHostileFileAndExits() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var paths: [String] = []
        for (name, text, _) in Self.files {
            let file = directory.url.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            paths.append(file.path)
        }
        let result = try await Program.run(
            CommandLineTests.ferry, ["validate", "--schemas", repositoryRoot.appendingPathComponent("schemas").path] + paths,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(result.status == 2, "\(result.output)\(result.error)")
        for ((_, _, message), path) in zip(Self.files, paths) {
            #expect(
                result.output.split(separator: "\n").contains { $0.hasPrefix("\(path):") && $0.contains("error: \(message)") },
                "\(path): \(result.output.prefix(2_000))")
        }
    }

    /// One hostile file dropped into the directory of `ferry schedule` used to kill it, stopping every
    /// pipeline; now that file is reported and the others are scheduled.
    @Test func scheduleKeepsTheOtherPipelinesBesideAHostileFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pipelines = directory.url.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(at: pipelines, withIntermediateDirectories: true)
        let good = """
            name: good
            \(SimulatedEnvironment.sourceYAML)
            datasets:
              - dataset: users
            schedule:
              cron: "@every 1h"
            """
        try good.write(to: pipelines.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        for (name, text, _) in Self.files {
            try text.write(to: pipelines.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        #if canImport(Glibc)
            #expect(mkfifo(pipelines.appendingPathComponent("fifo.yaml").path, 0o600) == 0)
        #endif
        let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let environment = [
            "FERRY_GRAPH_URL": "http://127.0.0.1:1", "FERRY_TENANT_ID": "t", "FERRY_CLIENT_ID": "c",
            "FERRY_CLIENT_SECRET": "s",
        ]
        let service = ScheduleService(
            directory: pipelines, state: store,
            loader: PipelineLoader(environment: environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")),
            logger: logger, rescanInterval: .milliseconds(200))
        let running = Task { await service.run() }
        // At most 30 s, however slow the machine: the first scan is all it takes.
        for _ in 0..<300 where service.jobs().isEmpty {
            try await Task.sleep(for: .milliseconds(100))
        }
        let jobs = service.jobs().map(\.name)
        #expect(jobs == ["good"])
        if jobs.isEmpty {
            // The scan is stuck (a FIFO opened for reading blocks): the service cannot be stopped.
            running.cancel()
            return
        }
        await service.stop()
        await running.value
    }
}
