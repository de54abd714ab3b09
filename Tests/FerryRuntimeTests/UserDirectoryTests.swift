import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// The dataset whose schema has `role: user_directory` is the user listing: with `exclude_guests` its
/// records and the per-user fan-out leave guests out.
@Suite struct UserDirectoryTests {
    @Test func guestsAreLeftOutOfTheUserDirectoryAndOfTheFanOut() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 40, seed: 61, output: directory.url.appendingPathComponent("out")) { simulated in
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/demo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "exclude_guests: false", with: "exclude_guests: true")
            let file = directory.url.appendingPathComponent("members.yaml")
            try Data(text.utf8).write(to: file)
            let pipeline = try PipelineLoader(
                environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
            ).load(file)
            #expect(pipeline.scope.excludeGuests)
            _ = try await PipelineRunner(pipeline: pipeline).run()

            let everyone = simulated.server.tenant.users()
            let members = Set(everyone.filter { !$0.isGuest }.map(\.id))
            #expect(members.count < everyone.count, "the tenant should have guests")
            let users = try EndToEndTests.readDataset(simulated.output, "users")
            #expect(Set(users.ids) == members)
            let owners = Set(try jsonLines(try EndToEndTests.readDataset(simulated.output, "messages").text).compactMap { $0["puser"] as? String })
            #expect(!owners.isEmpty)
            #expect(owners.isSubset(of: members), "messages of guests: \(owners.subtracting(members).prefix(3))")
        }
    }
}
