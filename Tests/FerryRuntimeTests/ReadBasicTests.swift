import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Least privilege: a pipeline that keeps no body text needs only Mail.ReadBasic.All and Calendars.ReadBasic.All,
/// and one that keeps it refuses to run on a token granting only those (Graph would answer without the body).
@Suite("ReadBasic permissions")
struct ReadBasicTests {
    static func run(
        granted: Set<String>, textMode: String, _ check: (Result<RunSummary, any Error>, SimulatedEnvironment, Pipeline) throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 8, seed: 83)
        configuration.permissions = granted
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline(
                yaml: """
                name: basic
                \(SimulatedEnvironment.sourceYAML)
                scope:
                  exclude_guests: false
                window:
                  last: 7d
                datasets:
                  - dataset: messages
                  - dataset: calendar_view
                transform:
                  pseudonymize:
                    key: ${FERRY_PSEUDONYM_KEY}
                    modes:
                      text: \(textMode)
                load:
                  path: ${FERRY_OUT}
                """, writingTo: directory.url.appendingPathComponent("basic.yaml"))
            let result = await outcome(of: pipeline)
            try check(result, simulated, pipeline)
        }
    }

    static let basic: Set<String> = ["User.Read.All", "Mail.ReadBasic.All", "Calendars.ReadBasic.All"]

    @Test func withoutBodyTextTheBasicPermissionsAreAllItNeeds() async throws {
        try await Self.run(granted: Self.basic, textMode: "drop") { result, simulated, pipeline in
            let needs = try PermissionNeeds(pipeline: pipeline)
            #expect(needs.permissions == ["Calendars.ReadBasic.All", "Mail.ReadBasic.All", "User.Read.All"])
            let summary = try result.get()
            let window = try #require(pipeline.window).resolve(now: Date())
            let tenant = simulated.server.tenant
            var expected: Set<String> = []
            for index in tenant.mailboxUserIndexes() {
                for message in tenant.messages(ofUserAt: index)
                where message.receivedDateTime >= window.start && message.receivedDateTime < window.end {
                    expected.insert(message.id)
                }
            }
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(Set(messages.ids) == expected)
            #expect(summary.datasets.first { $0.dataset == "calendar_view" }.map { $0.rows > 0 } == true)
        }
    }

    @Test func redactedBodyTextIsNotAskedForSoTheBasicPermissionsAreAllItNeeds() async throws {
        try await Self.run(granted: Self.basic, textMode: "redact") { result, simulated, pipeline in
            let needs = try PermissionNeeds(pipeline: pipeline)
            #expect(needs.permissions == ["Calendars.ReadBasic.All", "Mail.ReadBasic.All", "User.Read.All"])
            _ = try result.get()
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(!messages.ids.isEmpty)
            // The columns stay, every value null: redact is not drop.
            let lines = messages.text.split(separator: "\n")
            #expect(lines.count == messages.ids.count)
            #expect(lines.allSatisfy { $0.contains("\"bodyPreview\":null") && $0.contains("\"subject\":null") })
        }
    }

    @Test func keepingTheBodyTextOnABasicTokenFailsNamingThePermission() async throws {
        try await Self.run(granted: Self.basic, textMode: "keep") { result, simulated, pipeline in
            let needs = try PermissionNeeds(pipeline: pipeline)
            #expect(needs.permissions == ["Calendars.Read", "Mail.Read", "User.Read.All"])
            guard case .failure(let error) = result else {
                Issue.record("a run keeping bodyPreview succeeded on a Mail.ReadBasic.All token")
                return
            }
            let text = "\(error)"
            #expect(text.contains("dataset 'messages' keeps bodyPreview, which Mail.ReadBasic.All withholds"), "\(text)")
            #expect(text.contains("Grant the application permission Mail.Read"), "\(text)")
            #expect(ExitStatus.of(error) == .authentication)
            #expect(visibleFiles(under: simulated.output).isEmpty)
        }
        try await Self.run(granted: ["User.Read.All", "Mail.Read", "Calendars.Read"], textMode: "keep") { result, simulated, _ in
            _ = try result.get()
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(messages.text.contains("\"bodyPreview\":\""), "Mail.Read reads the body text")
        }
    }
}
