import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryTestSupport
import Foundation
import Testing

@testable import FerryRuntime
@testable import FerryTransform

/// The page writer lends a projector one pseudonym cache for a whole page: the pool every worker
/// shares is then locked once a page, so that many cores do not queue for it once a record.
@Suite struct PageWriterTests {
    /// A page of `count` messages, each from and to addresses of a few people.
    static func messagesPage(_ count: Int) -> [UInt8] {
        let records = (0..<count).map { index in
            """
            {"id":"m\(index)","receivedDateTime":"2026-11-21T09:30:00Z","internetMessageId":"<m\(index)@contoso.example>",\
            "from":{"emailAddress":{"name":"Person \(index % 5)","address":"p\(index % 5)@contoso.example"}},\
            "toRecipients":[{"emailAddress":{"name":"Person \(index % 3)","address":"p\(index % 3)@contoso.example"}}]}
            """
        }
        return Array(("{\"value\":[" + records.joined(separator: ",") + "]}").utf8)
    }

    /// A dataset of a pipeline read from no server: its plan, a sink writing below `directory`, and a
    /// projector of its own.
    struct Writing {
        let plan: DatasetPlan
        let lane: DatasetLane
        let projector: LineProjector
        var pool: PseudonymCachePool { get throws { try #require(plan.projection.pseudonymCaches) } }

        init(_ dataset: String, of pipeline: Pipeline, below directory: URL) throws {
            let selection = try #require(pipeline.datasets.first { $0.schema.name == dataset })
            let now = Date()
            let window = RunWindow(of: pipeline, now: now)
            let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
            plan = try DatasetPlan(
                selection: selection, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window,
                snapshotDate: UTCTimestamp(now).dateText, runId: "page-test")
            let sink = try DatasetSink(
                dataset: plan.outputName,
                layout: PartitionLayout(root: directory, dataset: plan.outputName, fileExtension: plan.format.fileExtension),
                compression: pipeline.load.outputCompression, maxRowsPerFile: 1000, maxBytesPerFile: 1 << 30,
                fileHeader: plan.format.fileHeader,
                context: plan.manifestContext(runId: "page-test", pipeline: pipeline, window: window, keyId: pseudonymizer?.keyId))
            lane = DatasetLane(plan: plan, sink: sink, resume: .fresh, deltaLinks: [:])
            projector = plan.makeProjector(tenant: "tenant-1")
        }
    }

    static func pipeline(in directory: TemporaryDirectory) throws -> Pipeline {
        let file = directory.url.appendingPathComponent("pipeline.yaml")
        try """
            name: pages
            source:
              cloud: custom
              graph_url: http://127.0.0.1:9
              login_url: http://127.0.0.1:9
              tenant: tenant-1
              client_id: ferry-test
              client_secret: not-used
            scope:
              users: all
            datasets:
              - dataset: users
                incremental: delta
              - dataset: messages
            transform:
              pseudonymize:
                key: 0123456789abcdef-test-key
            load:
              path: \(directory.url.appendingPathComponent("out").path)
            """.write(to: file, atomically: true, encoding: .utf8)
        return try PipelineLoader(environment: [:], schemaDirectory: repositoryRoot.appendingPathComponent("schemas")).load(file)
    }

    @Test func aPageOfRecordsIsProjectedOnOneLending() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pipeline = try Self.pipeline(in: directory)
        let messages = try Writing("messages", of: pipeline, below: directory.url.appendingPathComponent("out"))
        let writer = PageWriter(excludeGuests: false, progress: RunProgress())
        let body = Self.messagesPage(40)
        let page = RawCollectionPage(body: body, scan: try JSONPageScan.scan(body))

        var identities = RecordIdentities()
        try writer.write(page, lane: messages.lane, projector: messages.projector, owner: "user-1", identities: &identities)
        #expect(messages.lane.sink.rows == 40)
        #expect(try messages.pool.lendings == 1)
        #expect(try messages.pool.idleCount == 1)

        // Record by record, as the entry points go outside a page, a cache is lent for each.
        var line: [UInt8] = []
        for index in 0..<3 {
            _ = try messages.projector.appendLine(item: index, of: page.scan, in: body, user: "user-3", to: &line)
        }
        #expect(try messages.pool.lendings == 4)
        #expect(try messages.pool.idleCount == 1)
    }

    @Test func aPageOfChangesIsProjectedOnOneLending() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let users = try Writing("users", of: try Self.pipeline(in: directory), below: directory.url.appendingPathComponent("out"))
        let records = (0..<30).map { index in
            index % 10 == 9
                ? #"{"id":"u\#(index)","@removed":{"reason":"deleted"}}"#
                : #"{"id":"u\#(index)","displayName":"Person \#(index % 4)","mail":"p\#(index % 4)@contoso.example"}"#
        }
        let body = Array(("{\"value\":[" + records.joined(separator: ",") + "]}").utf8)
        let page = RawCollectionPage(
            body: body, scan: try JSONPageScan.scan(body), deltaLink: "http://127.0.0.1:9/v1.0/users/delta?$deltatoken=t1")
        try PageWriter(excludeGuests: false, progress: RunProgress())
            .writeChanges(page, lane: users.lane, projector: users.projector, owner: nil, change: "updated")
        #expect(users.lane.sink.rows == 30)
        #expect(try users.pool.lendings == 1)
        #expect(try users.pool.idleCount == 1)
    }

    @Test func aLastPageOfChangesWithoutADeltaLinkIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let users = try Writing("users", of: try Self.pipeline(in: directory), below: directory.url.appendingPathComponent("out"))
        let body = Array(#"{"value":[{"id":"u1","displayName":"Person 1","mail":"p1@contoso.example"}]}"#.utf8)
        let page = RawCollectionPage(body: body, scan: try JSONPageScan.scan(body))
        let error = #expect(throws: PagingError.self) {
            try PageWriter(excludeGuests: false, progress: RunProgress())
                .writeChanges(page, lane: users.lane, projector: users.projector, owner: nil, change: "upsert")
        }
        #expect(error?.reason.contains("neither '@odata.nextLink' nor '@odata.deltaLink'") == true)
        #expect(users.lane.sink.rows == 0)
    }
}
