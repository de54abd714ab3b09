import FerryConfig
import FerryCore
import FerryRuntime
import FerryState
import FerryTestSupport
import Foundation
import Testing

/// Reads real exports with DuckDB, as a warehouse would: no extra step between Ferry's output and SQL.
@Suite(.serialized) struct WarehouseInteropTests {
    /// Prints `rows distinct_ids` for a glob, then the column types, then `id<TAB>subject` sorted by id.
    static let script = """
        import sys, json, duckdb
        kind, glob = sys.argv[1], sys.argv[2]
        reader = ("read_json_auto('%s', hive_partitioning=true)" if kind == "jsonl"
                  else "read_csv_auto('%s', hive_partitioning=true, header=true, allow_quoted_nulls=false)") % glob
        con = duckdb.connect()
        rows, ids = con.execute(f"select count(*), count(distinct id) from {reader}").fetchone()
        types = {name: str(kind) for name, kind, *_ in con.execute(f"describe select * from {reader}").fetchall()}
        subjects = con.execute(f"select id, subject from {reader} order by id").fetchall()
        print(json.dumps({"rows": rows, "ids": ids, "types": types, "subjects": subjects}))
        """

    struct DuckDBView: Decodable {
        var rows: Int
        var ids: Int
        var types: [String: String]
        var subjects: [[String?]]
    }

    static func read(_ kind: String, _ glob: String) async throws -> DuckDBView {
        let result = try await Program.run("/usr/bin/env", ["python3", "-c", script, kind, glob])
        try #require(
            result.status == 0,
            "DuckDB could not read \(glob) (make test installs the duckdb Python package): \(result.error)")
        return try JSONDecoder().decode(DuckDBView.self, from: Data(result.output.utf8))
    }

    @Test func duckDBReadsJSONLAndCSVExportsAsTheSchemaSays() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 30, seed: 21, output: directory.url.appendingPathComponent("jsonl")) { simulated in
            var pipeline = try simulated.loadPipeline("demo.yaml")
            // Keep the free text: the simulator's subjects carry commas, quotes, newlines and emoji on purpose.
            pipeline.pseudonymize?.modes[.text] = .keep
            let now = Date()
            let jsonlRun = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
            pipeline.load.format = .csv
            pipeline.load.path = directory.url.appendingPathComponent("csv").path
            let csvRun = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()

            let messages = jsonlRun.datasets[1].rows
            #expect(messages > 100)
            let jsonl = try await Self.read("jsonl", directory.url.path + "/jsonl/messages/*/*.jsonl.gz")
            let csv = try await Self.read("csv", directory.url.path + "/csv/messages/*/*.csv.gz")
            #expect(csvRun.datasets[1].rows == messages)
            for view in [jsonl, csv] {
                #expect(view.rows == messages)
                #expect(view.ids == messages)
                #expect(view.types["date"] == "DATE", "the Hive partition column")
                #expect(view.types["isRead"] == "BOOLEAN")
                #expect(view.types["receivedDateTime"]?.hasPrefix("TIMESTAMP") == true)
            }
            #expect(jsonl.types["toRecipients"]?.hasPrefix("STRUCT") == true, "nested recipients stay structured in JSONL")
            let columns = try #require(pipeline.datasets.first { $0.schema.name == "messages" }).schema.columns.map(\.name)
            #expect(Set(jsonl.types.keys) == Set(columns + ["date"]))
            #expect(Set(csv.types.keys) == Set(columns + ["date"]))
            // Every awkward subject survives CSV quoting exactly as JSONL has it.
            let differing = zip(csv.subjects, jsonl.subjects).filter { $0 != $1 }
            #expect(csv.subjects.count == jsonl.subjects.count)
            #expect(differing.isEmpty, "CSV and JSONL disagree on \(differing.count) subjects, e.g. \(differing.prefix(3))")
            #expect(jsonl.subjects.contains { ($0[1] ?? "").contains("\n") || ($0[1] ?? "").contains("\"") })
        }
    }

    /// Prints the `(id, _change)` pairs of a change feed, sorted, and the type DuckDB gives `_change`.
    static let changesScript = """
        import sys, json, duckdb
        kind, glob = sys.argv[1], sys.argv[2]
        reader = ("read_json_auto('%s', hive_partitioning=true)" if kind == "jsonl"
                  else "read_csv_auto('%s', hive_partitioning=true, header=true, allow_quoted_nulls=false)") % glob
        con = duckdb.connect()
        pairs = con.execute(f"select id, _change from {reader} order by id, _change").fetchall()
        types = {name: str(kind) for name, kind, *_ in con.execute(f"describe select * from {reader}").fetchall()}
        print(json.dumps({"pairs": pairs, "change": types.get("_change"), "run": types.get("run")}))
        """

    struct ChangeView: Decodable {
        var pairs: [[String]]
        var change: String?
        var run: String?
    }

    /// A change feed through the same line path in both formats: DuckDB reads the same upserts and
    /// deletions, with their `_change`, from JSONL and from CSV.
    @Test func duckDBReadsDeltaChangeFeedsInJSONLAndCSVAlike() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 40, seed: 93)
        configuration.messagesPerUser = 12
        let anchor = configuration.anchor
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("jsonl")) { simulated in
            var runners: [(PipelineRunner, StateStore, Date)] = []
            for format in ["jsonl", "csv"] {
                let output = directory.url.appendingPathComponent(format)
                let file = directory.url.appendingPathComponent("\(format).yaml")
                let text = DeltaTests.pipelineText(output: output)
                    .replacingOccurrences(of: "load:\n", with: "load:\n  format: \(format)\n")
                try text.write(to: file, atomically: true, encoding: .utf8)
                let pipeline = try PipelineLoader(
                    environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
                ).load(file)
                let store = try StateStore(path: directory.url.appendingPathComponent("\(format).sqlite").path)
                runners.append((PipelineRunner(pipeline: pipeline), store, anchor))
            }
            // A first round in both formats, then the tenant changes, then the changes in both formats.
            for round in 0..<2 {
                if round == 1 { for _ in 0..<5 { _ = simulated.server.advanceGeneration() } }
                for (runner, store, anchor) in runners {
                    let now = anchor + Double(round) * 86_400 + 3600
                    _ = try await PipelineRunner(pipeline: runner.pipeline, options: RunOptions(now: now, state: store)).run()
                }
            }
            var views: [ChangeView] = []
            for format in ["jsonl", "csv"] {
                let glob = directory.url.path + "/\(format)/messages_delta/*/*.\(format).gz"
                let result = try await Program.run("/usr/bin/env", ["python3", "-c", Self.changesScript, format, glob])
                try #require(result.status == 0, "DuckDB could not read \(glob): \(result.error)")
                views.append(try JSONDecoder().decode(ChangeView.self, from: Data(result.output.utf8)))
            }
            let (jsonl, csv) = (views[0], views[1])
            #expect(jsonl.pairs.count > 100)
            #expect(jsonl.pairs.contains { $0.last == "deleted" } && jsonl.pairs.contains { $0.last == "upsert" })
            #expect(csv.pairs == jsonl.pairs, "CSV and JSONL change feeds differ: \(csv.pairs.count) and \(jsonl.pairs.count) rows")
            #expect(csv.change == "VARCHAR" && jsonl.change == "VARCHAR")
            #expect(csv.run != nil && jsonl.run != nil, "the Hive partition column run")
        }
    }
}
