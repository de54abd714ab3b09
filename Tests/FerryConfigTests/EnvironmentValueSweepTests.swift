import Foundation
import Testing

@testable import FerryConfig

/// Every key of the pipeline file, given a value from the environment that is wrong for it in some
/// way: no diagnostic may contain that value, or any part of it.
@Suite struct EnvironmentValueSweepTests {
    /// The text every leaked value carries; no diagnostic may contain it.
    static let marker = "Zx9Qv7"

    /// Values a variable might hold, each wrong for most keys in its own way. The bare marker is
    /// shorter than any value the reader's last-resort redaction looks for, so it shows what the
    /// call sites themselves quote.
    static let values = [
        marker,
        "leak-\(marker)-secret-value",
        "https://\(marker).example.com/graph?x=1",
        "http://\(marker).example.com",
        "https://user:\(marker)@graph.example.com",
        "0 2 * * \(marker)",
        "@every \(marker)",
        "@\(marker)",
        "\(marker)d",
        "/tmp/\(marker)/none",
        "messages\(marker)",
    ]

    /// A valid pipeline with every key the sweep visits.
    static func base() -> PipelineTree {
        .mapping([
            ("name", .scalar("sweep")),
            ("schemas", .scalar(Fixture.schemas.path)),
            (
                "source",
                .mapping([
                    ("cloud", .scalar("custom")),
                    ("graph_url", .scalar("http://127.0.0.1:8080")),
                    ("login_url", .scalar("http://127.0.0.1:8080")),
                    ("scope", .scalar("https://graph.microsoft.com/.default")),
                    ("tenant", .scalar("contoso")),
                    ("client_id", .scalar("app")),
                    ("client_secret", .scalar("a-secret-in-the-file")),
                ])
            ),
            ("scope", .mapping([("users", .scalar("all")), ("exclude_guests", .scalar("true")), ("on_access_denied", .scalar("skip"))])),
            ("window", .mapping([("column", .scalar("receivedDateTime")), ("last", .scalar("7d"))])),
            (
                "datasets",
                .list([
                    .mapping([("dataset", .scalar("users"))]),
                    .mapping([("dataset", .scalar("messages")), ("incremental", .scalar("window"))]),
                ])
            ),
            (
                "transform",
                .mapping([
                    (
                        "pseudonymize",
                        .mapping([
                            ("key", .scalar("0123456789abcdef0123")),
                            ("modes", .mapping([("email", .scalar("hash")), ("text", .scalar("drop"))])),
                            ("columns", .mapping([("messages.subject", .scalar("keep"))])),
                        ])
                    )
                ])
            ),
            (
                "load",
                .mapping([
                    ("format", .scalar("jsonl")), ("compression", .scalar("gzip")), ("level", .scalar("6")),
                    ("path", .scalar("./out")), ("max_rows_per_file", .scalar("1000")),
                    ("max_bytes_per_file", .scalar("100000")),
                ])
            ),
            (
                "schedule",
                .mapping([("cron", .scalar("\"0 2 * * *\"")), ("timezone", .scalar("UTC")), ("catch_up", .scalar("one"))])
            ),
            (
                "throttle",
                .mapping([
                    ("max_concurrency", .scalar("4")), ("max_retry_after_seconds", .scalar("300")),
                    ("max_pages_per_unit", .scalar("1000")), ("request_timeout_seconds", .scalar("60")),
                    ("low_speed_bytes_per_second", .scalar("1024")), ("low_speed_seconds", .scalar("30")),
                ])
            ),
            (
                "analyze",
                .mapping([
                    ("last_days", .scalar("28")), ("min_group_size", .scalar("10")), ("person_level", .scalar("false")),
                    ("noise", .scalar("1.0")), ("group_by", .scalar("department")), ("format", .scalar("jsonl")),
                ])
            ),
        ])
    }

    /// Keys the base leaves out because they exclude others: each is swept in a variant of the base.
    static func variants() -> [(path: [PipelineTree.Step], tree: PipelineTree)] {
        let base = base()
        let window = base.setting([.key("window")], to: .mapping([("start", .scalar("2026-01-01")), ("end", .scalar("2026-01-08"))]))
        let certificate = base.setting(
            [.key("source")],
            to: .mapping([
                ("tenant", .scalar("t")), ("client_id", .scalar("c")),
                ("certificate", .scalar(Fixture.schemas.appendingPathComponent("users.yaml").path)),
                ("private_key", .scalar(Fixture.schemas.appendingPathComponent("users.yaml").path)),
            ]))
        let groups = base.setting([.key("scope"), .key("users")], to: .mapping([("groups", .list([.scalar("g1")]))]))
        let filter = base.setting([.key("scope"), .key("users")], to: .mapping([("filter", .scalar("a eq 'b'"))]))
        return [
            (window, [.key("window"), .key("start")]), (window, [.key("window"), .key("end")]),
            (certificate, [.key("source"), .key("certificate")]), (certificate, [.key("source"), .key("private_key")]),
            (groups, [.key("scope"), .key("users"), .key("groups"), .index(0)]),
            (filter, [.key("scope"), .key("users"), .key("filter")]),
        ].map { (path: $0.1, tree: $0.0) }
    }

    /// Every (tree, path) the sweep sets to a variable: each node of the base, and the variants' keys.
    static func targets() -> [(path: [PipelineTree.Step], tree: PipelineTree)] {
        let base = base()
        return base.paths.map { (path: $0, tree: base) } + variants()
    }

    static func diagnostics(_ tree: PipelineTree, environment: [String: String]) throws -> [ConfigDiagnostic] {
        let fixture = try Fixture()
        let file = try fixture.write("pipeline.yaml", tree.yaml)
        return PipelineLoader(environment: environment).validate(file)
    }

    @Test func theBaseIsValid() throws {
        #expect(try Self.diagnostics(Self.base(), environment: [:]).isEmpty)
        for variant in Self.variants() {
            #expect(try Self.diagnostics(variant.tree, environment: [:]).isEmpty, "\(variant.path)")
        }
    }

    /// The sweep covers every key the pipeline's sections know, so a new key is swept as soon as it exists.
    @Test func theSweepVisitsEveryKey() {
        let visited = Set(Self.targets().map { $0.path.map(\.description).joined(separator: ".") })
        var expected = Pipeline.keys.map { $0 }
        expected += SourceConfig.keys.map { "source.\($0)" }
        expected += WindowConfig.keys.map { "window.\($0)" }
        expected += DatasetSelection.keys.map { "datasets.[1].\($0)" }
        expected += LoadConfig.keys.map { "load.\($0)" }
        expected += ["key", "modes", "columns"].map { "transform.pseudonymize.\($0)" }
        expected += ["users", "exclude_guests", "on_access_denied"].map { "scope.\($0)" }
        expected += ["cron", "timezone", "catch_up"].map { "schedule.\($0)" }
        expected += ["scope.users.groups.[0]", "scope.users.filter", "throttle.max_concurrency"]
        expected += AnalyzeConfig.keys.map { "analyze.\($0)" }
        for key in expected {
            #expect(visited.contains(key), "the sweep does not set \(key)")
        }
    }

    @Test(arguments: values)
    func noMessageQuotesAValueFromTheEnvironment(value: String) throws {
        var reported = 0
        for target in Self.targets() {
            let references = value == Self.marker ? ["${LEAK}", "\"x-${LEAK}\"", "${UNSET:-${LEAK}}"] : ["${LEAK}"]
            for reference in references {
                let tree = target.tree.setting(target.path, to: .scalar(reference))
                let diagnostics = try Self.diagnostics(tree, environment: ["LEAK": value])
                reported += diagnostics.count
                for diagnostic in diagnostics {
                    #expect(
                        !diagnostic.description.contains(Self.marker),
                        "\(target.path.map(\.description).joined(separator: ".")) = \(reference): \(diagnostic)")
                }
            }
        }
        #expect(reported > 20, "the values are wrong for most keys")
    }

    /// Two values that are each fine but wrong together: the message about the pair shows neither.
    @Test func messagesAboutTwoValuesShowNeither() throws {
        let environment = ["FIRST": "2026-03-01", "SECOND": "2026-02-01", "NAME": "users"]
        let base = Self.variants()[0].tree
        let window = base.setting([.key("window"), .key("start")], to: .scalar("${FIRST}"))
            .setting([.key("window"), .key("end")], to: .scalar("${SECOND}"))
        let twice = Self.base().setting([.key("datasets"), .index(1), .key("dataset")], to: .scalar("${NAME}"))
            .setting([.key("datasets"), .index(0), .key("dataset")], to: .scalar("${NAME}"))
        for tree in [window, twice] {
            let diagnostics = try Self.diagnostics(tree, environment: environment)
            #expect(diagnostics.count == 1, "\(diagnostics)")
            for diagnostic in diagnostics {
                #expect(!diagnostic.message.contains("2026-0") && !diagnostic.message.contains("'users'"), "\(diagnostic)")
                #expect(diagnostic.message.contains("${"), "the message names the reference: \(diagnostic)")
            }
        }
    }

    /// A schemas directory named by a variable: neither the pipeline's messages nor the schema files'
    /// names show its path.
    @Test func aSchemasDirectoryFromTheEnvironmentIsNotShown() throws {
        let fixture = try Fixture()
        let directory = fixture.directory.appendingPathComponent("defs-\(Self.marker)", isDirectory: true)
        try fixture.write(
            "defs-\(Self.marker)/users.yaml",
            try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8))
        try fixture.write("defs-\(Self.marker)/events.yaml", "dataset: events\nversion: nope\n")
        let yaml = Self.base()
            .setting([.key("schemas")], to: .scalar("${LEAK}"))
            .setting([.key("datasets"), .index(1), .key("dataset")], to: .scalar("events"))
            .setting([.key("datasets"), .index(0), .key("dataset")], to: .scalar("nosuch"))
            .setting([.key("transform")], to: .scalar("~"))
            .yaml
        let file = try fixture.write("pipeline.yaml", yaml)
        for value in [directory.path, directory.appendingPathComponent("users.yaml").path, "/nonexistent/\(Self.marker)"] {
            let diagnostics = PipelineLoader(environment: ["LEAK": value]).validate(file)
            #expect(!diagnostics.isEmpty)
            for diagnostic in diagnostics {
                #expect(!diagnostic.description.contains(Self.marker), "\(diagnostic)")
            }
        }
    }
}
