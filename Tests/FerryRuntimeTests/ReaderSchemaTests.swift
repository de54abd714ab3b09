import FerryConfig
import FerryCore
import FerryLoad
import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// A sharded export read by DuckDB, pyarrow and Spark with the schemas `ferry schemas ddl` prints:
/// every row the manifests count, typed timestamps, `date` and `shard` from the path, and nothing of a
/// killed run's staging.
@Suite(.serialized) struct ReaderSchemaTests {
    struct Report: Decodable {
        struct Table: Decodable {
            var rows: Int
            var manifest_rows: Int?
            var types: [String: String]
            var shards: [Int]?
        }
        var duckdb: [String: Table]
        var arrow: [String: Table]
        var spark: [String: Table]?
        var globs: [String: [String]]
    }

    @Test("DuckDB, pyarrow and Spark read a sharded export with Ferry's reader schemas; no glob reaches a killed run's staging")
    func readersReadAShardedExport() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.url.appendingPathComponent("out")
        try await SimulatedEnvironment.with(users: 30, seed: 1618, output: output) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            var summaries: [RunSummary] = []
            for index in 0..<3 {
                var options = RunOptions(now: Date())
                options.shard = try Shard(index: index, count: 3)
                options.runId = "readers"
                summaries.append(try await PipelineRunner(pipeline: pipeline, options: options).run())
            }
            #expect(try ExportVerifier(root: output).verify().isComplete)
            // What a killed run leaves: a staged part file, whole and valid, of a run that never committed.
            let committed = try #require(visibleFiles(under: output.appendingPathComponent("messages")).first { $0.path.hasSuffix(".jsonl.gz") })
            let staged = output.appendingPathComponent(".ferry-staging/messages/.staging-killed.shard-1/date=2026-01-01/shard=1")
            try FileManager.default.createDirectory(at: staged, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: committed, to: staged.appendingPathComponent("part-killed-00000.jsonl.gz"))

            let ddl = directory.url.appendingPathComponent("ddl")
            try FileManager.default.createDirectory(at: ddl, withIntermediateDirectories: true)
            for dataset in ["users", "messages"] {
                for dialect in ["duckdb", "spark", "arrow"] {
                    var arguments = ["schemas", "ddl", dataset, "--dialect", dialect, "--directory", repositoryRoot.appendingPathComponent("schemas").path]
                    if dialect == "duckdb" { arguments += ["--location", output.appendingPathComponent("\(dataset)/*/*/*.jsonl.gz").path] }
                    let result = try await Program.run(CommandLineTests.ferry, arguments)
                    try #require(result.status == 0, "\(result.error)")
                    try result.output.write(to: ddl.appendingPathComponent("\(dataset).\(dialect)"), atomically: true, encoding: .utf8)
                }
            }
            let script = repositoryRoot.appendingPathComponent("Tests/FerryRuntimeTests/Readers/read_sharded_export.py").path
            let result = try await Program.run("/usr/bin/env", ["python3", script, output.path, ddl.path, "--spark"])
            try #require(
                result.status == 0,
                "the readers failed (make test installs duckdb, pyarrow and pyspark; Spark needs Java): \(result.error.suffix(3_000))")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))

            let rows = ["users": summaries[0].datasets.first { $0.dataset == "users" }!.rows,
                        "messages": summaries.reduce(0) { $0 + $1.datasets.first { $0.dataset == "messages" }!.rows }]
            #expect(rows["messages"]! > 100 && rows["users"] == 30)
            for dataset in ["users", "messages"] {
                let duckdb = try #require(report.duckdb[dataset])
                #expect(duckdb.rows == rows[dataset] && duckdb.manifest_rows == rows[dataset], "duckdb \(dataset)")
                #expect(duckdb.shards == (dataset == "users" ? [0] : [0, 1, 2]))
                #expect(duckdb.types["shard"] == "BIGINT" && duckdb.types["date"] == "DATE", "\(duckdb.types)")
                #expect(report.arrow[dataset]?.rows == rows[dataset], "pyarrow \(dataset)")
                let spark = try #require(report.spark?[dataset])
                #expect(spark.rows == rows[dataset], "spark \(dataset)")
                #expect(spark.types["date"] == "date" && spark.types["shard"] == "int", "\(spark.types)")
                #expect(spark.shards == (dataset == "users" ? [0] : [0, 1, 2]))
            }
            #expect(report.duckdb["messages"]?.types["receivedDateTime"] == "TIMESTAMP WITH TIME ZONE")
            #expect(report.duckdb["messages"]?.types["toRecipients"] == "JSON")
            #expect(report.arrow["messages"]?.types["receivedDateTime"] == "timestamp[ms, tz=UTC]")
            #expect(report.arrow["messages"]?.types["toRecipients"]?.hasPrefix("list<item: struct<emailAddress: struct<address: string") == true)
            #expect(report.spark?["messages"]?.types["receivedDateTime"] == "timestamp")
            #expect(report.spark?["users"]?.types["createdDateTime"] == "timestamp")

            // `*/*.jsonl.gz` finds nothing in a sharded export (its files sit a level deeper), and nothing staged either.
            #expect(report.globs.keys.sorted() == ["**/*.jsonl.gz", "*/*.jsonl.gz", "date=*/shard=*/*"])
            for (pattern, files) in report.globs {
                #expect(pattern == "*/*.jsonl.gz" || !files.isEmpty, "\(pattern) finds the committed files")
                for file in files {
                    #expect(!file.contains("/.") && !file.contains("killed"), "\(pattern) reaches \(file)")
                }
            }
        }
    }
}
