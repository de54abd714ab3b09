import FerryTestSupport
import Foundation
import Testing

@testable import FerryConfig

/// Seeded mutations of every file in `pipelines/`, validated in process: no crash, no hang, no secret
/// in any message.
///
/// `make test` runs a few hundred cases; `make fuzz` runs many more. `FERRY_FUZZ_ITERATIONS` (default
/// 300) and `FERRY_FUZZ_SECONDS` (default 5) bound a run, whichever ends it first; `FERRY_FUZZ_SEED`
/// (default 1) picks the cases. A failing case is written to a file whose path the failure names.
@Suite struct PipelineFuzzTests {
    static let marker = "Zx9Qv7"
    static let secretVariable = "FUZZ_SECRET"

    /// What `${VAR}` reads: every secret-like value carries the marker; the rest make the files valid.
    static let environment = [
        secretVariable: "fuzz-\(marker)-secret",
        "FERRY_CLIENT_SECRET": "client-secret-\(marker)",
        "FERRY_PSEUDONYM_KEY": "pseudonym-key-\(marker)-0123456789",
        "FERRY_TENANT_ID": "tenant-\(marker)",
        "FERRY_CLIENT_ID": "client-\(marker)",
        "FERRY_GRAPH_URL": "http://127.0.0.1:8080",
        "A": "a",
    ]

    static func setting(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? value
    }

    static func pipelines() throws -> [(name: String, text: String)] {
        let directory = Fixture.repository.appendingPathComponent("pipelines")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Unmutated, every pipeline is valid in the fuzzer's environment, so mutations start from sound files.
    @Test func theSeedsAreValid() throws {
        let fixture = try Fixture()
        let loader = PipelineLoader(environment: Self.environment, schemaDirectory: Fixture.schemas)
        for pipeline in try Self.pipelines() {
            let file = try fixture.write(pipeline.name, pipeline.text)
            #expect(loader.validate(file).isEmpty, "\(pipeline.name)")
        }
    }

    @Test func mutatedPipelinesNeverCrashHangOrShowASecret() throws {
        let iterations = Self.setting("FERRY_FUZZ_ITERATIONS", default: 300)
        let seconds = Self.setting("FERRY_FUZZ_SECONDS", default: 5)
        let seed = UInt64(Self.setting("FERRY_FUZZ_SEED", default: 1))
        let pipelines = try Self.pipelines()
        #expect(!pipelines.isEmpty)
        let fixture = try Fixture()
        let file = fixture.directory.appendingPathComponent("case.yaml")
        let loader = PipelineLoader(environment: Self.environment, schemaDirectory: Fixture.schemas)
        var mutator = PipelineMutator(secretVariable: Self.secretVariable, generator: SeededGenerator(seed: seed))
        let deadline = ContinuousClock.now + .seconds(seconds)
        var cases = 0
        var diagnosed = 0
        while cases < iterations, ContinuousClock.now < deadline {
            let pipeline = pipelines[cases % pipelines.count]
            let bytes = mutator.mutate(pipeline.text)
            try Data(bytes).write(to: file)
            let watchdog = Self.watchdog(case: cases, seed: seed, bytes: bytes)
            let diagnostics = loader.validate(file)
            watchdog.cancel()
            diagnosed += diagnostics.isEmpty ? 0 : 1
            if let leak = diagnostics.first(where: { $0.description.contains(Self.marker) }) {
                let kept = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-fuzz-\(seed)-\(cases).yaml")
                try Data(bytes).write(to: kept)
                Issue.record("case \(cases) of seed \(seed) (\(pipeline.name), kept in \(kept.path)) shows a secret: \(leak)")
            }
            cases += 1
        }
        print("fuzzed \(cases) cases of seed \(seed), \(diagnosed) with problems")
        #expect(cases > 0)
        #expect(diagnosed > 0, "mutations break files")
    }

    /// A loose hang guard: a case that takes a minute (the reader's limits keep each to milliseconds)
    /// is kept in a file and stops the process, which would otherwise grow or spin with no end.
    static func watchdog(case number: Int, seed: UInt64, bytes: [UInt8]) -> DispatchWorkItem {
        let kept = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-fuzz-\(seed)-\(number).yaml")
        let item = DispatchWorkItem {
            try? Data(bytes).write(to: kept)
            fatalError("case \(number) of seed \(seed) has run for a minute; it is kept in \(kept.path)")
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: item)
        return item
    }
}
