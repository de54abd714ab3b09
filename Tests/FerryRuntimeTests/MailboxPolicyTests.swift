import FerryConfig
import FerryLoad
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Mailboxes an Exchange application access policy keeps out of the app's reach: Graph answers 403
/// `ErrorAccessDenied` for them, Ferry skips and counts them (or fails when the pipeline says so), and a policy
/// that leaves no mailbox in reach fails the run.
@Suite("Mailbox access policy")
struct MailboxPolicyTests {
    static let seed: UInt64 = 61
    static let users = 40

    /// The tenant's users with a mailbox, and every tenth of them, which the policy leaves out.
    static func tenantAndRestricted() -> (tenant: SimulatedTenant, restricted: [Int]) {
        let tenant = SimulatedTenant(configuration: SimulatedEnvironment.configuration(users: users, seed: seed))
        let withMailbox = tenant.mailboxUserIndexes()
        let restricted = withMailbox.enumerated().filter { $0.offset % 10 == 3 }.map(\.element)
        return (tenant, restricted)
    }

    /// Runs a pipeline of users, messages and mailbox settings against a simulator whose app may read only the
    /// mailboxes of `allowed` (user indexes); `extra` goes under `scope:`.
    static func run(
        allowed: [Int], extra: String = "", name: String = "policy",
        _ check: (Result<RunSummary, any Error>, SimulatedEnvironment, Pipeline) throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: users, seed: seed)
        let tenant = SimulatedTenant(configuration: configuration)
        // Principal names for half, ids for the other half: a policy's group holds both kinds of reference.
        configuration.mailboxScope = Set(allowed.map { index in
            index % 2 == 0 ? tenant.user(at: index).id : tenant.user(at: index).userPrincipalName.uppercased()
        })
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline(
                yaml: """
                name: \(name)
                \(SimulatedEnvironment.sourceYAML)
                scope:
                  users: all
                  exclude_guests: false
                \(extra)
                window:
                  last: 7d
                datasets:
                  - dataset: users
                  - dataset: messages
                  - dataset: mailbox_settings
                transform:
                  pseudonymize:
                    key: ${FERRY_PSEUDONYM_KEY}
                load:
                  path: ${FERRY_OUT}
                """, writingTo: directory.url.appendingPathComponent("policy.yaml"))
            let result = await outcome(of: pipeline, options: RunOptions(now: Date()))
            try check(result, simulated, pipeline)
        }
    }

    @Test func restrictedMailboxesAreSkippedAndCountedAndEveryOtherOneExportedExactly() async throws {
        let (tenant, restricted) = Self.tenantAndRestricted()
        #expect(restricted.count >= 3, "the tenant should have restricted mailboxes to mean something")
        let allowed = (0..<Self.users).filter { !restricted.contains($0) }
        let mailboxless = (0..<Self.users).filter { !tenant.hasMailbox(userAt: $0) }.count
        try await Self.run(allowed: allowed) { result, simulated, pipeline in
            let summary = try result.get()
            let window = try #require(pipeline.window).resolve(now: Date())
            var expected: Set<String> = []
            for index in tenant.mailboxUserIndexes() where !restricted.contains(index) {
                for message in tenant.messages(ofUserAt: index)
                where message.receivedDateTime >= window.start && message.receivedDateTime < window.end {
                    expected.insert(message.id)
                }
            }
            let messages = try EndToEndTests.readDataset(simulated.output, "messages")
            #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice")
            #expect(Set(messages.ids) == expected, "every allowed mailbox exactly, none of the restricted ones")
            let users = try EndToEndTests.readDataset(simulated.output, "users")
            #expect(users.ids.count == Self.users, "the directory is not restricted by a mailbox policy")

            let byName = Dictionary(uniqueKeysWithValues: summary.datasets.map { ($0.dataset, $0) })
            for dataset in ["messages", "mailbox_settings"] {
                #expect(byName[dataset]?.accessDenied == restricted.count, "\(dataset)")
                #expect(byName[dataset]?.usersWithoutMailbox == mailboxless, "\(dataset)")
                let record = try DatasetRunRecord.read(
                    runId: summary.runId, datasetDirectory: simulated.output.appendingPathComponent(dataset))
                #expect(record.skippedUnits == ["access_denied": restricted.count, "unavailable": mailboxless], "\(dataset)")
            }
            #expect(byName["users"]?.accessDenied == 0)
            #expect(summary.usersAccessDenied == restricted.count)
            let text = summary.render()
            #expect(text.contains("users in scope: \(Self.users); \(restricted.count) mailboxes skipped: access denied"), "\(text)")
            #expect(text.contains("\(restricted.count) mailboxes skipped: access denied (403 ErrorAccessDenied"), "\(text)")
            let report = RunReport(summary)
            #expect(report.usersAccessDenied == restricted.count)
            #expect(report.datasets.first { $0.dataset == "messages" }?.skippedAccessDenied == restricted.count)
            #expect(String(decoding: try report.encoded(), as: UTF8.self).contains("\"skipped_access_denied\" : \(restricted.count)"))
        }
    }

    @Test func onAccessDeniedFailFailsTheRunNamingThePolicyAndCommitsNothing() async throws {
        let (_, restricted) = Self.tenantAndRestricted()
        let allowed = (0..<Self.users).filter { !restricted.contains($0) }
        try await Self.run(allowed: allowed, extra: "  on_access_denied: fail") { result, simulated, _ in
            guard case .failure(let error) = result else {
                Issue.record("the run succeeded although a mailbox was refused and the pipeline says fail")
                return
            }
            let text = "\(error)"
            #expect(text.contains("Graph refused a mailbox of dataset '"), "\(text)")
            #expect(text.contains("HTTP 403 ErrorAccessDenied"), "\(text)")
            #expect(text.contains("application access policy"), "\(text)")
            #expect(text.contains("scope.on_access_denied: fail"), "\(text)")
            #expect(text.contains("request-id "), "\(text)")
            #expect(ExitStatus.of(error) == .authentication)
            #expect(visibleFiles(under: simulated.output).isEmpty, "a failed run commits nothing")
        }
    }

    @Test func aPolicyThatLeavesNoMailboxInReachFailsTheRun() async throws {
        try await Self.run(allowed: []) { result, simulated, _ in
            guard case .failure(let error) = result else {
                Issue.record("the run succeeded although every mailbox was refused")
                return
            }
            let text = "\(error)"
            #expect(text.contains("Graph refused every mailbox of dataset '"), "\(text)")
            #expect(text.contains("(\(Self.users) of \(Self.users), HTTP 403 ErrorAccessDenied)"), "\(text)")
            #expect(text.contains("Test-ApplicationAccessPolicy"), "\(text)")
            #expect(ExitStatus.of(error) == .authentication)
            #expect(visibleFiles(under: simulated.output).isEmpty, "a failed run commits nothing")
        }
    }
}
