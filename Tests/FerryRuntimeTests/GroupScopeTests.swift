import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// `scope.users: {groups: [...]}` exports the members of the listed groups, nested groups included.
@Suite struct GroupScopeTests {
    /// The users in the groups at `indexes`, following nested groups: the ground truth.
    static func members(_ tenant: SimulatedTenant, groups indexes: [Int]) -> Set<String> {
        var users: Set<String> = []
        var seen: Set<Int> = []
        var pending = indexes
        while let group = pending.popLast() {
            guard seen.insert(group).inserted else { continue }
            for member in tenant.members(ofGroupAt: group) {
                switch member.kind {
                case .user: users.insert(member.id)
                case .group: pending.append(member.index)
                }
            }
        }
        return users
    }

    @Test func membersOfTheListedGroupsAndTheirNestedGroupsAreExported() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 120, seed: 97, output: directory.url.appendingPathComponent("out")) { simulated in
            let tenant = simulated.server.tenant
            // The last group is a division: its members are teams, nested groups.
            let chosen = [0, tenant.groupCount - 1]
            let expected = Self.members(tenant, groups: chosen)
            let nestedOnly = Self.members(tenant, groups: [chosen[1]]).subtracting(
                tenant.members(ofGroupAt: chosen[1]).filter { $0.kind == .user }.map(\.id))
            #expect(!nestedOnly.isEmpty, "the division should reach users only through its teams")

            let file = directory.url.appendingPathComponent("groups.yaml")
            let ids = chosen.map { tenant.group(at: $0).id }
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/demo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  users: all", with: "  users:\n    groups: [\(ids.joined(separator: ", "))]")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let pipeline = try PipelineLoader(
                environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
            ).load(file)
            let summary = try await PipelineRunner(pipeline: pipeline).run()

            let users = try EndToEndTests.readDataset(simulated.output, "users")
            #expect(Set(users.ids) == expected)
            #expect(users.ids.count == expected.count)
            #expect(summary.usersInScope == expected.count)
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            let owners = Set(try jsonLines(messages.text).compactMap { $0["puser"] as? String })
            #expect(!owners.isEmpty)
            let pseudonymizedOwners = owners.subtracting(expected)
            // puser is an identifier, kept by default: every message belongs to a user in scope.
            #expect(pseudonymizedOwners.isEmpty, "messages of users outside the groups: \(pseudonymizedOwners.prefix(3))")
        }
    }

    @Test func anUnknownGroupFailsTheRunNamingIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 10, seed: 98, output: directory.url.appendingPathComponent("out")) { simulated in
            let file = directory.url.appendingPathComponent("groups.yaml")
            let missing = "00000000-0000-0000-0000-00000000dead"
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("pipelines/demo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  users: all", with: "  users:\n    groups: [\(missing)]")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let pipeline = try PipelineLoader(
                environment: simulated.environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
            ).load(file)
            let error = await #expect(throws: RunError.self) { try await PipelineRunner(pipeline: pipeline).run() }
            #expect(error?.description.contains(missing) == true, "\(String(describing: error))")
            #expect(visibleFiles(under: simulated.output).isEmpty)
        }
    }
}
