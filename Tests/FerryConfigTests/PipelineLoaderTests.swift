import FerryCore
import Foundation
import Testing

@testable import FerryConfig

@Suite struct PipelineLoaderTests {
    static let demoEnvironment = [
        "FERRY_GRAPH_URL": "http://127.0.0.1:8080/",
        "FERRY_TENANT_ID": "contoso",
        "FERRY_CLIENT_ID": "ferry-app",
        "FERRY_CLIENT_SECRET": "demo-client-secret",
        "FERRY_PSEUDONYM_KEY": "demo-pseudonym-key-0123456789",
    ]

    @Test func demoPipelineLoadsWithItsSchemasLocatedFromTheFile() throws {
        let file = Fixture.repository.appendingPathComponent("pipelines/demo.yaml")
        let loader = PipelineLoader(environment: Self.demoEnvironment)
        #expect(loader.validate(file) == [])

        let pipeline = try loader.load(file)
        #expect(pipeline.name == "demo")
        #expect(pipeline.file == file.relativePath)
        #expect(pipeline.source.cloud == .custom)
        #expect(pipeline.source.graphURL == "http://127.0.0.1:8080")
        #expect(pipeline.source.loginURL == "http://127.0.0.1:8080")
        #expect(pipeline.source.tenant == "contoso")
        #expect(pipeline.source.clientId == "ferry-app")
        #expect(pipeline.source.clientSecret == Secret("demo-client-secret"))
        #expect(pipeline.scope.users == .all)
        #expect(pipeline.scope.excludeGuests == false)
        #expect(pipeline.window == WindowConfig(lastDays: 7))
        #expect(pipeline.datasets.map(\.schema.name) == ["users", "messages"])
        let pseudonymize = try #require(pipeline.pseudonymize)
        #expect(pseudonymize.key.value == "demo-pseudonym-key-0123456789")
        #expect(pseudonymize.modes == [.email: .hash, .name: .hash, .text: .drop, .identifier: .keep, .phone: .hash, .externalId: .hash])
        #expect(pseudonymize.columnModes.isEmpty)
        #expect(pipeline.load.format == .jsonl)
        #expect(pipeline.load.gzip)
        #expect(pipeline.load.path == "./out")
        #expect(pipeline.throttle.maxConcurrency == 32)
        #expect(pipeline.schedule == nil)
    }

    @Test func everyPipelineInTheRepositoryValidates() throws {
        let folder = Fixture.repository.appendingPathComponent("pipelines", isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        #expect(!files.isEmpty)
        for file in files {
            let diagnostics = PipelineLoader(environment: Self.demoEnvironment).validate(file)
            #expect(diagnostics == [], "\(file.lastPathComponent)")
        }
    }

    @Test func absentSectionsTakeTheirDefaults() throws {
        let pipeline = try Fixture.load(Fixture.minimal)
        #expect(pipeline.source.cloud == .global)
        #expect(pipeline.source.graphURL == "https://graph.microsoft.com")
        #expect(pipeline.source.loginURL == "https://login.microsoftonline.com")
        #expect(pipeline.scope.users == .all)
        #expect(pipeline.scope.excludeGuests)
        #expect(pipeline.window == nil)
        #expect(pipeline.pseudonymize == nil)
        #expect(pipeline.schedule == nil)
        #expect(pipeline.load.format == .jsonl)
        #expect(pipeline.load.gzip)
        #expect(pipeline.load.level == 6)
        #expect(pipeline.load.path == "./out")
        #expect(pipeline.load.maxRowsPerFile == 1_000_000)
        #expect(pipeline.load.maxBytesPerFile == 268_435_456)
        #expect(pipeline.throttle.maxConcurrency == 32)
    }

    @Test func everySectionIsRead() throws {
        let pipeline = try Fixture.load(
            """
            name: full_export-2
            source:
              cloud: usgovdod
              tenant: contoso
              client_id: app
              client_secret: ${SECRET}
            scope:
              users:
                groups: [g-1, "g-2"]
              exclude_guests: false
            window:
              column: sentDateTime
              start: 2026-01-01
              end: 2026-02-01
            datasets:
              - dataset: messages
            transform:
              pseudonymize:
                key: ${PSEUDONYM_KEY}
                modes:
                  email: hash_keep_domain
                columns:
                  messages.subject: keep
            load:
              format: csv
              compression: none
              level: 1
              path: exports/today
              max_rows_per_file: 500
              max_bytes_per_file: 1048576
            schedule:
              cron: "30  2 * * MON-FRI"
              timezone: Europe/Berlin
            throttle:
              max_concurrency: 4
            """)
        #expect(pipeline.name == "full_export-2")
        #expect(pipeline.source.cloud == .usgovdod)
        #expect(pipeline.source.graphURL == "https://dod-graph.microsoft.us")
        #expect(pipeline.source.loginURL == "https://login.microsoftonline.us")
        #expect(pipeline.scope.users == .groups(["g-1", "g-2"]))
        #expect(!pipeline.scope.excludeGuests)
        let (start, end) = (try #require(UTCTimestamp(year: 2026, month: 1, day: 1)), try #require(UTCTimestamp(year: 2026, month: 2, day: 1)))
        #expect(pipeline.window == WindowConfig(column: "sentDateTime", start: start, end: end))
        #expect(pipeline.datasets.map(\.schema.name) == ["messages"])
        let pseudonymize = try #require(pipeline.pseudonymize)
        #expect(pseudonymize.modes == [.email: .hashKeepDomain, .name: .hash, .text: .drop, .identifier: .keep, .phone: .hash, .externalId: .hash])
        #expect(pseudonymize.columnModes == ["messages": ["subject": .keep]])
        #expect(pipeline.load.format == .csv)
        #expect(!pipeline.load.gzip)
        #expect(pipeline.load.level == 1)
        #expect(pipeline.load.path == "exports/today")
        #expect(pipeline.load.maxRowsPerFile == 500)
        #expect(pipeline.load.maxBytesPerFile == 1_048_576)
        #expect(pipeline.schedule?.cron == "30 2 * * MON-FRI")
        #expect(pipeline.schedule?.timezone == "Europe/Berlin")
        #expect(pipeline.throttle.maxConcurrency == 4)
    }

    @Test(arguments: [
        ("global", "https://graph.microsoft.com", "https://login.microsoftonline.com"),
        ("usgov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
        ("china", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"),
    ])
    func nationalCloudsBringTheirEndpoints(cloud: String, graph: String, login: String) throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "source:\n", with: "source:\n  cloud: \(cloud)\n")
        let pipeline = try Fixture.load(yaml)
        #expect(pipeline.source.graphURL == graph)
        #expect(pipeline.source.loginURL == login)
    }

    @Test(arguments: [
        ("https://graph.example.com/", "https://graph.example.com"),
        ("http://localhost:8080//", "http://localhost:8080"),
        ("http://127.4.5.6:9000/base/", "http://127.4.5.6:9000/base"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ])
    func customEndpointsAreTrimmedAndLoopbackMayUseHTTP(given: String, expected: String) throws {
        let yaml = Fixture.minimal.replacingOccurrences(
            of: "source:\n", with: "source:\n  cloud: custom\n  graph_url: \(given)\n  login_url: \(given)\n")
        let pipeline = try Fixture.load(yaml)
        #expect(pipeline.source.graphURL == expected)
        #expect(pipeline.source.loginURL == expected)
    }

    @Test func userScopeTakesAGraphFilter() throws {
        let yaml = Fixture.minimal + "\nscope:\n  users:\n    filter: \"department eq 'Sales'\"\n"
        #expect(try Fixture.load(yaml).scope.users == .filter("department eq 'Sales'"))
    }

    @Test func loadThrowsEveryProblemOnePerLine() throws {
        let fixture = try Fixture()
        let file = try fixture.write("broken.yaml", "name: Bad Name\nsource: nope\n")
        let loader = PipelineLoader(environment: [:], schemaDirectory: Fixture.schemas)
        let error = try #require(throws: ConfigErrors.self) { try loader.load(file) }
        let path = file.relativePath
        #expect(
            error.description == """
                \(path):1:1: error: missing required key 'datasets'
                \(path):1:7: error: 'name' must use only lowercase letters, digits, '_' and '-', not 'Bad Name'
                \(path):2:9: error: 'source' must be a mapping with keys cloud, graph_url, login_url, scope, tenant, \
                client_id, client_secret, certificate, private_key, not a single value
                """)
    }

    @Test func anUnreadableFileIsADiagnostic() throws {
        let fixture = try Fixture()
        let missing = fixture.directory.appendingPathComponent("absent.yaml")
        let diagnostics = PipelineLoader(environment: [:], schemaDirectory: Fixture.schemas).validate(missing)
        #expect(
            diagnostics == [
                ConfigDiagnostic(
                    file: missing.relativePath, line: 1, column: 1,
                    message: "cannot read the pipeline file: it does not exist or is not readable")
            ])
    }
}
