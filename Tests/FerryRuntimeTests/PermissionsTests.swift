import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// A run against an app registration that lacks a permission fails naming it; the permissions the schema
/// files name are exactly the ones the datasets need.
@Suite("Permissions")
struct PermissionsTests {
    /// Runs every-dataset.yaml against a small tenant whose app has `granted`; the error, if the run failed.
    static func run(granted: Set<String>?) async throws -> (error: (any Error)?, visible: [URL], pipeline: Pipeline) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 6, seed: 51)
        configuration.permissions = granted
        return try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("every-dataset.yaml")
            do {
                _ = try await PipelineRunner(pipeline: pipeline).run()
                return (nil, visibleFiles(under: simulated.output), pipeline)
            } catch {
                return (error, visibleFiles(under: simulated.output), pipeline)
            }
        }
    }

    @Test func theSchemasPermissionsAreEnoughAndEachIsNeededNamedWhenMissing() async throws {
        let all = try await Self.run(granted: nil)
        #expect(all.error == nil, "\(all.error.map { "\($0)" } ?? "")")
        #expect(
            Set(all.pipeline.datasets.flatMap(\.schema.permissions))
                == ["User.Read.All", "GroupMember.Read.All", "Mail.Read", "Calendars.Read", "Contacts.Read", "MailboxSettings.Read"])
        for dataset in all.pipeline.datasets {
            #expect(!dataset.schema.permissions.isEmpty, "schemas/\(dataset.schema.name).yaml names no permission")
        }
        // The pipeline keeps no body text (text: drop by default), so the ReadBasic permissions do.
        let needs = try PermissionNeeds(pipeline: all.pipeline)
        let needed = Set(needs.permissions)
        #expect(needs.needs.filter { $0.dataset == "groups" }.count == 1, "the groups dataset is the group listing")
        #expect(
            needed == [
                "User.Read.All", "GroupMember.Read.All", "Mail.ReadBasic.All", "Calendars.ReadBasic.All", "Contacts.Read",
                "MailboxSettings.Read",
            ])

        let exactly = try await Self.run(granted: needed)
        #expect(exactly.error == nil, "the schemas' permissions suffice: \(exactly.error.map { "\($0)" } ?? "")")

        for permission in needed.sorted() {
            let missing = try await Self.run(granted: needed.subtracting([permission]))
            let error = try #require(missing.error, "a run without \(permission) succeeded")
            let text = "\(error)"
            let datasets = needs.needs.filter { $0.permissions.contains(permission) }.map(\.dataset)
            #expect(datasets.contains { text.contains("Graph refused dataset '\($0)' (HTTP 403") }, "\(permission): \(text)")
            #expect(text.contains("lacks the application permission \(permission),"), "\(text)")
            #expect(text.contains("request-id "), "Microsoft support's ids: \(text)")
            let code = ["User.Read.All", "GroupMember.Read.All"].contains(permission) ? "Authorization_RequestDenied" : "ErrorAccessDenied"
            #expect(text.contains(code), "\(text)")
            #expect(missing.visible.isEmpty, "a refused run commits nothing")
            #expect(ExitStatus.of(error) == .authentication, "a missing permission exits as a permission error")
        }
    }
}
