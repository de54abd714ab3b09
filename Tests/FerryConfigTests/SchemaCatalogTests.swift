import FerryCore
import Foundation
import Testing

@testable import FerryConfig

@Suite struct SchemaCatalogTests {
    @Test func theRepositorySchemasLoad() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        #expect(
            catalog.names == [
                "calendar_view", "contacts", "direct_reports", "events", "group_members", "groups", "mailbox_settings",
                "managers", "messages", "sent_items", "users",
            ])
        #expect(catalog.schema(named: "calendar") == nil)

        let users = try #require(catalog.schema(named: "users"))
        #expect(users.modelledOn == "User_v1")
        #expect(users.collection == GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 999, deltaPath: "/users/delta"))
        #expect(users.dateColumn == nil)
        #expect(users.columns.first == Column(name: "ptenant", type: .string, source: .tenant))
        #expect(users.column(named: "mail")?.personal == .value(.email))
        #expect(users.column(named: "businessPhones")?.type == .array(.string))
        #expect(users.column(named: "accountEnabled")?.type == .bool)
        #expect(users.column(named: "createdDateTime")?.type == .timestamp)
        #expect(users.selectedProperties.count == users.columns.count - 1)
        #expect(!users.selectedProperties.contains("ptenant"))

        let messages = try #require(catalog.schema(named: "messages"))
        #expect(messages.modelledOn == "Message_v1")
        #expect(
            messages.collection == GraphCollection(
                path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000,
                deltaPath: "/users/{id}/mailFolders/inbox/messages/delta"))
        #expect(messages.dateColumn == "receivedDateTime")
        #expect(messages.column(named: "puser") == Column(name: "puser", type: .string, source: .user, personal: .value(.identifier)))
        #expect(messages.column(named: "subject")?.personal == .value(.text))
        let recipients = try #require(JSONPath(parsing: "[].emailAddress.address"))
        let names = try #require(JSONPath(parsing: "[].emailAddress.name"))
        for column in ["toRecipients", "ccRecipients", "bccRecipients", "replyTo"] {
            #expect(
                messages.column(named: column)?.personal
                    == .nested(
                        [NestedPersonalData(path: recipients, kind: .email), NestedPersonalData(path: names, kind: .name)],
                        other: .name),
                "\(column)")
        }
        let from = try #require(messages.column(named: "from"))
        #expect(from.type == .json)
        #expect(from.source == .graph(try #require(JSONPath(parsing: "from"))))
        #expect(
            from.personal == .nested([
                NestedPersonalData(path: try #require(JSONPath(parsing: "emailAddress.address")), kind: .email),
                NestedPersonalData(path: try #require(JSONPath(parsing: "emailAddress.name")), kind: .name),
            ], other: .name))
    }

    static let badSchema = """
        dataset: events
        version: 0
        colection: {}
        collection:
          path: /users/messages
          fanout: per_user
          max_page_size: 5000
        date_column: subject
        columns:
          - name: puser
            type: strng
            source: $someone
          - name: subject
            type: string
            personal: text
          - name: subject
            type: string
          - name: from
            type: string
            source: from..address
            personal:
              emailAddress.address: email
          - name: to
            type: json
            personal:
              "[.address": email
              "[].name": nme
          - type: int
        """

    @Test func aBadSchemaFileGetsPositionedErrors() throws {
        let fixture = try Fixture()
        let file = try fixture.write("schemas/events.yaml", Self.badSchema)
        let error = try #require(throws: ConfigErrors.self) {
            try SchemaCatalog(directory: fixture.directory.appendingPathComponent("schemas"))
        }
        #expect(error.diagnostics.allSatisfy { $0.file == file.relativePath })
        #expect(
            error.diagnostics.map { "\($0.line):\($0.column): \($0.message)" } == [
                "2:10: 'version' must be a positive integer, not '0'",
                "3:1: unknown key 'colection' in the schema; did you mean 'collection'?",
                "5:9: 'collection.path' must contain {id} (the user) for fanout per_user, not '/users/messages'",
                "7:18: 'collection.max_page_size' must be an integer from 1 to 1000, not '5000'",
                "8:14: 'date_column' must name a timestamp column; 'subject' is string",
                "11:11: 'columns[0].type' must be one of string, int, double, bool, timestamp, date, json, array<T>, "
                    + "not 'strng'; did you mean 'string'?",
                "12:13: 'columns[0].source' must be $user, $group, $tenant or a JSON path like from.emailAddress.address, "
                    + "not '$someone'",
                "16:11: duplicate column 'subject'; it is already defined at line 13",
                "20:13: 'columns[3].source' must be $user, $group, $tenant or a JSON path like from.emailAddress.address, "
                    + "not 'from..address'",
                "22:7: 'columns[3].personal' lists paths inside the value, which only json columns have; "
                    + "give one kind (email, name, text, identifier, phone, external_id) for a string column",
                "26:7: 'columns[4].personal' keys must be JSON paths like emailAddress.address or "
                    + "[].emailAddress.address, or \"*\" for every other value inside, not '[.address'",
                "27:18: 'columns[4].personal.[].name' must be one of email, name, text, identifier, phone, external_id, "
                    + "none, not 'nme'; "
                    + "did you mean 'name'?",
                "28:5: missing required key 'columns[5].name'",
            ])
    }

    @Test func tenantCollectionsHaveNoUserAndNamesMatchFiles() throws {
        let fixture = try Fixture()
        try fixture.write(
            "schemas/groups.yaml",
            """
            dataset: group
            version: 1
            collection: {path: /groups, fanout: tenant, max_page_size: 999}
            columns:
              - {name: puser, type: string, source: $user}
              - {name: id, type: string}
            date_column: createdDateTime
            """)
        let error = try #require(throws: ConfigErrors.self) {
            try SchemaCatalog(directory: fixture.directory.appendingPathComponent("schemas"))
        }
        #expect(
            error.diagnostics.map { "\($0.line):\($0.column): \($0.message)" } == [
                "1:10: 'dataset' is 'group' but the file is named 'groups'; name the file after its dataset",
                "5:41: 'columns[0].source' is $user, which only per_user collections have; this collection's "
                    + "fanout is tenant",
                "7:14: 'date_column' names no column: 'createdDateTime'",
            ])
    }

    @Test func aPipelineReportsTheErrorsOfTheSchemaFilesItReads() throws {
        let (fixture, pipeline) = try Self.pipelineBeside(brokenEvents: "  - dataset: events\n  - dataset: usres\n")
        let diagnostics = withExtendedLifetime(fixture) { PipelineLoader(environment: [:]).validate(pipeline) }
        // The broken `events` is reported in its own file, not as an unknown dataset of the pipeline.
        #expect(diagnostics.first == ConfigDiagnostic(
            file: pipeline.relativePath, line: 5, column: 14,
            message: "unknown dataset 'usres'; did you mean 'users'? (known: users)"))
        #expect(diagnostics.count == 14)
        #expect(diagnostics.dropFirst().allSatisfy { $0.file.hasSuffix("schemas/events.yaml") })
    }

    /// A fixture with the real `users` schema, a broken `events` schema, and a pipeline of `datasets`.
    private static func pipelineBeside(brokenEvents datasets: String, extra: String = "") throws -> (Fixture, URL) {
        let fixture = try Fixture()
        try fixture.write("schemas/events.yaml", Self.badSchema)
        try fixture.write(
            "schemas/users.yaml", try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8))
        let pipeline = try fixture.write(
            "pipelines/nightly.yaml",
            "name: nightly\nsource: {tenant: t, client_id: c, client_secret: s}\ndatasets:\n" + datasets + extra)
        return (fixture, pipeline)
    }

    @Test func aBrokenSchemaOfAnotherDatasetHoldsUpNoPipeline() throws {
        let (fixture, file) = try Self.pipelineBeside(brokenEvents: "  - dataset: users\n")
        let pipeline = try PipelineLoader(environment: [:]).load(file)
        #expect(pipeline.datasets.map(\.schema.name) == ["users"])
        // Listing the catalog still reports every broken file.
        #expect(throws: ConfigErrors.self) { try SchemaCatalog(directory: fixture.directory.appendingPathComponent("schemas")) }
    }

    @Test func aPseudonymizeOverrideOfABrokenDatasetReportsItsSchema() throws {
        let (fixture, file) = try Self.pipelineBeside(
            brokenEvents: "  - dataset: users\n",
            extra: "transform:\n  pseudonymize:\n    key: 0123456789abcdef0123456789abcdef\n    columns:\n      events.subject: keep\n")
        let diagnostics = withExtendedLifetime(fixture) { PipelineLoader(environment: [:]).validate(file) }
        #expect(diagnostics.count == 13, "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.file.hasSuffix("schemas/events.yaml") })
    }

    @Test func twoFilesForOneDatasetBreakIt() throws {
        let (fixture, file) = try Self.pipelineBeside(brokenEvents: "  - dataset: users\n")
        try fixture.write(
            "schemas/users.yml", try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8))
        let diagnostics = PipelineLoader(environment: [:]).validate(file)
        #expect(diagnostics.map(\.message) == ["a second schema file for dataset 'users'; keep one of users.yaml and users.yml"])
        #expect(diagnostics.first?.file.hasSuffix("schemas/users.yml") == true)
    }

    @Test func locateFindsTheNearestSchemasFolderOrTheDeclaredOne() throws {
        let fixture = try Fixture()
        try fixture.write("project/schemas/users.yaml", "")
        let pipeline = try fixture.write("project/pipelines/team/daily.yaml", "")
        let found = try #require(SchemaCatalog.locate(forPipelineAt: pipeline, declared: nil))
        #expect(found.standardizedFileURL.path == fixture.directory.appendingPathComponent("project/schemas").standardizedFileURL.path)

        let declared = try #require(SchemaCatalog.locate(forPipelineAt: pipeline, declared: "../../custom"))
        #expect(
            declared.standardizedFileURL.path
                == fixture.directory.appendingPathComponent("project/custom").standardizedFileURL.path)
        #expect(SchemaCatalog.locate(forPipelineAt: pipeline, declared: "/srv/schemas")?.path == "/srv/schemas")
    }

    @Test func locateWorksFromARelativePipelinePath() throws {
        let pipeline = URL(fileURLWithPath: "pipelines/demo.yaml", relativeTo: Fixture.repository)
        let found = try #require(SchemaCatalog.locate(forPipelineAt: pipeline, declared: nil))
        #expect(found.standardizedFileURL.path == Fixture.schemas.standardizedFileURL.path)
    }

    @Test func locateStopsAtTheRootAndFallsBackToTheCurrentDirectory() throws {
        let fixture = try Fixture()
        let pipeline = try fixture.write("lonely/pipeline.yaml", "")
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("schemas", isDirectory: true)
        let expected = SchemaCatalog.isDirectory(current) ? current.path : nil
        let found = SchemaCatalog.locate(forPipelineAt: pipeline, declared: nil)
        #expect(found?.path == expected)
    }

    @Test func aDeclaredSchemasFolderIsUsed() throws {
        let fixture = try Fixture()
        try fixture.write(
            "defs/users.yaml", try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8))
        let file = try fixture.write(
            "pipeline.yaml", "name: p\nschemas: defs\nsource: {tenant: t, client_id: c, client_secret: s}\n"
                + "datasets:\n  - dataset: users\n")
        let pipeline = try PipelineLoader(environment: [:]).load(file)
        #expect(pipeline.datasets.map(\.schema.name) == ["users"])
    }

    @Test func aSymlinkedSchemasFolderIsRead() throws {
        let fixture = try Fixture()
        let link = fixture.directory.appendingPathComponent("schemas")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: Fixture.schemas)
        let catalog = try SchemaCatalog(directory: link)
        #expect(catalog.names == (try SchemaCatalog(directory: Fixture.schemas)).names)
        #expect(catalog.names.contains("messages"))
    }

    @Test func aMissingDirectoryThrows() throws {
        let fixture = try Fixture()
        let directory = fixture.directory.appendingPathComponent("nothing-here")
        let error = try #require(throws: ConfigErrors.self) { try SchemaCatalog(directory: directory) }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.message.hasPrefix("cannot read the schemas directory") == true)
    }
}
