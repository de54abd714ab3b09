import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Logging
import Testing

/// `ferry check`: the token, the roles against what the pipeline needs, one sample request per dataset; the
/// report compared exactly (the token's expiry aside).
@Suite("Preflight check")
struct PreflightCheckTests {
    static func check(
        _ configuration: SimulatorConfiguration, pipeline name: String = "demo.yaml", overriding: [String: String] = [:]
    ) async throws -> (report: PreflightCheck.Report, lines: [String], server: GraphSimulatorServer, before: Date, after: Date) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        return try await SimulatedEnvironment.with(configuration, output: directory.url) { simulated in
            let pipeline = try simulated.loadPipeline(name, overriding: overriding)
            var logger = Logger(label: "check-test")
            logger.logLevel = .critical
            let before = Date()
            let report = try await PreflightCheck(pipeline: pipeline, logger: logger).run()
            let after = Date()
            #expect(visibleFiles(under: directory.url).isEmpty, "a check writes nothing")
            // The expiry is the one line that depends on the clock.
            let lines = report.lines.map { line in
                line.hasPrefix("token: ") ? String(line[..<(line.range(of: ", expires ")?.upperBound ?? line.endIndex)]) + "<expiry>" : line
            }
            #expect(!report.text.contains(SimulatedEnvironment.secret), "the client secret is never shown")
            return (report, lines, simulated.server, before, after)
        }
    }

    static func header(_ server: GraphSimulatorServer, roles: String) -> [String] {
        [
            "check of pipeline 'demo' against \(server.baseURL)",
            "token: obtained for client ferry-test in tenant \(server.tenant.tenantId), expires <expiry>",
            "roles: \(roles)",
            "needs (least privilege): Mail.ReadBasic.All, User.Read.All",
        ]
    }

    @Test func withEveryPermissionThePipelineCanRun() async throws {
        let (report, lines, server, before, after) = try await Self.check(SimulatedEnvironment.configuration(users: 20, seed: 91))
        #expect(report.canRun)
        #expect(report.status == .success)
        let roles = try #require(report.lines.first { $0.hasPrefix("roles: ") })
        #expect(roles.contains("Mail.Read") && roles.contains("User.Read.All"))
        #expect(
            lines == Self.header(server, roles: String(roles.dropFirst(7))) + [
                "users: sample request answered 200, 10 users listed",
                "messages: sample request on a user answered 200",
                "ok: the pipeline can run",
            ])
        let expiry = try #require(report.lines.first { $0.hasPrefix("token: ") }?.components(separatedBy: ", expires ").last)
        let date = try #require(ISO8601DateFormatter().date(from: expiry))
        // Shown to the second: between the instants around the check, plus the token's lifetime of 3600 s.
        #expect(date >= before.addingTimeInterval(3599) && date <= after.addingTimeInterval(3601), "the token's expiry is shown")
    }

    @Test func withoutMailReadItFailsNamingThePermissionForMessages() async throws {
        var configuration = SimulatedEnvironment.configuration(users: 20, seed: 91)
        configuration.permissions = ["User.Read.All", "Calendars.Read"]
        let (report, lines, server, _, _) = try await Self.check(configuration)
        #expect(!report.canRun)
        #expect(report.status == .authentication)
        #expect(
            lines == Self.header(server, roles: "Calendars.Read, User.Read.All") + [
                "  problem: messages: needs Mail.ReadBasic.All: grant this application permission and admin consent",
                "users: sample request answered 200, 10 users listed",
                "the pipeline cannot run: 1 problem",
            ])
    }

    @Test func aRestrictedMailboxSetNamesThePolicy() async throws {
        var configuration = SimulatedEnvironment.configuration(users: 20, seed: 91)
        configuration.mailboxScope = []
        let (report, lines, server, _, _) = try await Self.check(configuration)
        #expect(!report.canRun)
        #expect(report.status == .authentication)
        let roles = try #require(report.lines.first { $0.hasPrefix("roles: ") })
        #expect(
            lines == Self.header(server, roles: String(roles.dropFirst(7))) + [
                "users: sample request answered 200, 10 users listed",
                "  problem: messages: every sampled mailbox (10 of 10) is outside the app's Exchange application access "
                    + "policy (403 ErrorAccessDenied): check the policy's group (Test-ApplicationAccessPolicy) or scope the "
                    + "pipeline to it (scope.users: {groups: [<group id>]})",
                "the pipeline cannot run: 1 problem",
            ])

        // One restricted mailbox among the samples is what the run skips and counts: the pipeline can run.
        let tenant = SimulatedTenant(configuration: configuration)
        let first = try #require(tenant.users().first { tenant.hasMailbox(userAt: tenant.userIndex(forId: $0.id) ?? -1) })
        configuration.mailboxScope = Set(tenant.users().map(\.id).filter { $0 != first.id })
        let some = try await Self.check(configuration)
        #expect(some.report.canRun, "\(some.report.text)")
        #expect(some.report.text.contains("1 sampled mailbox is outside the app's application access policy: the run skips"))
    }
}
