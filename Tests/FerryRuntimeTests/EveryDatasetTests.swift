import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Exports every dataset of a simulated tenant and compares each with the tenant's ground truth.
@Suite(.serialized) struct EveryDatasetTests {
    /// Every record of a dataset, from every visible part file.
    static func records(_ root: URL, _ dataset: String) throws -> [[String: Any]] {
        try visibleFiles(under: root.appendingPathComponent(dataset))
            .filter { $0.lastPathComponent.hasSuffix(".jsonl.gz") }
            .flatMap { try jsonLines(try gunzip($0)) }
    }

    static func pairs(_ records: [[String: Any]], _ owner: String) -> [String] {
        records.map { "\($0[owner] as? String ?? "?") -> \($0["id"] as? String ?? "?")" }
    }

    @Test func everyDatasetMatchesTheTenant() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 40, seed: 41, output: directory.url.appendingPathComponent("out")) { simulated in
            try await Self.exportAndCompare(simulated)
        }
    }

    @Test func faultsAndThrottlingLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 30, seed: 42)
        configuration.faults = FaultPolicy(
            internalServerError: 0.01, serviceUnavailable: 0.01, gatewayTimeout: 0.01, droppedConnection: 0.01,
            truncatedBody: 0.01, serviceUnavailableRetryAfter: 0.1)
        // Small enough that mailboxes and the directory both run into their limits.
        configuration.throttling = ThrottlingPolicy.graph.scaled(by: 0.002, userCount: 30)
        // Requests already on the wire when a 429 is sent are not violations; on a loaded 2-core machine
        // "on the wire" can last longer than the simulator's default 20 ms.
        configuration.violationGrace = 0.1
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            try await Self.exportAndCompare(simulated)
            let counters = simulated.server.counters
            #expect(counters.faults.values.reduce(0, +) > 0, "faults were injected")
            #expect(counters.throttled > 0, "requests were throttled: \(counters.throttledByLimit)")
            #expect(counters.violations == 0, "a request arrived while its Retry-After still ran: \(counters.violationsByScope)")
        }
    }

    static func exportAndCompare(_ simulated: SimulatedEnvironment) async throws {
        let tenant = simulated.server.tenant
        let pipeline = try simulated.loadPipeline("every-dataset.yaml")
        let now = Date()
        let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
        let window = try #require(pipeline.window).resolve(now: now)
        let out = simulated.output
        func inWindow(_ date: Date) -> Bool { date >= window.start && date < window.end }
        let mailboxes = tenant.mailboxUserIndexes()

        #expect(summary.datasets.map(\.dataset) == pipeline.datasets.map(\.schema.name))
        for result in summary.datasets {
            #expect(result.quarantined == 0, "\(result.dataset) quarantined records")
        }

        let users = try Self.records(out, "users")
        #expect(users.compactMap { $0["id"] as? String }.sorted() == tenant.users().map(\.id).sorted())
        let groups = try Self.records(out, "groups")
        #expect(groups.compactMap { $0["id"] as? String }.sorted() == tenant.groups().map(\.id).sorted())
        #expect(Self.pairs(try Self.records(out, "managers"), "puser").sorted()
            == tenant.managerLinks().map { "\($0.sourceId) -> \($0.target.id)" }.sorted())
        #expect(Self.pairs(try Self.records(out, "direct_reports"), "puser").sorted()
            == tenant.directReportLinks().map { "\($0.sourceId) -> \($0.target.id)" }.sorted())
        let members = try Self.records(out, "group_members")
        #expect(Self.pairs(members, "pgroup").sorted()
            == tenant.groupMemberLinks().map { "\($0.sourceId) -> \($0.target.id)" }.sorted())
        #expect(Set(members.compactMap { $0["odataType"] as? String }) == ["#microsoft.graph.user", "#microsoft.graph.group"])

        let messages = try Self.records(out, "messages").compactMap { $0["id"] as? String }
        #expect(messages.sorted()
            == mailboxes.flatMap { tenant.messages(ofUserAt: $0) }.filter { inWindow($0.receivedDateTime) }.map(\.id).sorted())
        let sent = try Self.records(out, "sent_items").compactMap { $0["id"] as? String }
        #expect(sent.sorted()
            == mailboxes.flatMap { tenant.sentItems(ofUserAt: $0) }.filter { inWindow($0.sentDateTime) }.map(\.id).sorted())
        let events = try Self.records(out, "events").compactMap { $0["id"] as? String }
        #expect(events.sorted()
            == mailboxes.flatMap { tenant.events(ofUserAt: $0) }.filter { inWindow($0.lastModifiedDateTime) }.map(\.id).sorted())
        let view = try Self.records(out, "calendar_view").compactMap { $0["id"] as? String }
        #expect(view.sorted()
            == mailboxes.flatMap { tenant.calendarView(ofUserAt: $0, from: window.start, to: window.end) }.map(\.id).sorted())
        let contacts = try Self.records(out, "contacts").compactMap { $0["id"] as? String }
        #expect(contacts.sorted() == mailboxes.flatMap { tenant.contacts(ofUserAt: $0) }.map(\.id).sorted())
        let settings = try Self.records(out, "mailbox_settings")
        #expect(settings.compactMap { $0["puser"] as? String }.sorted()
            == mailboxes.filter { tenant.mailboxSettings(ofUserAt: $0) != nil }.map { tenant.user(at: $0).id }.sorted())
        #expect(!events.isEmpty && !view.isEmpty && !contacts.isEmpty && !sent.isEmpty)

        // With pseudonymization on, no address or name of the tenant's people appears anywhere.
        var everything: [UInt8] = []
        for file in visibleFiles(under: out) {
            everything += Array((file.lastPathComponent.hasSuffix(".gz") ? try gunzip(file) : try String(contentsOf: file, encoding: .utf8)).utf8)
        }
        var identities = Set<String>()
        for user in tenant.users() {
            identities.formUnion([user.displayName, user.userPrincipalName, user.mail].compactMap { $0 })
        }
        let leaked = identities.filter { $0.count >= 4 && occurs($0, in: everything) }
        #expect(leaked.isEmpty, "raw identities in the output: \(leaked.prefix(5))")

        // Contact details and identifying values are hashed by default; object ids, which joins need, are not.
        var details = Set<String>()
        for user in tenant.users() { details.formUnion(user.businessPhones + [user.mobilePhone].compactMap { $0 }) }
        for index in mailboxes {
            for contact in tenant.contacts(ofUserAt: index) { details.formUnion(contact.businessPhones + [contact.mobilePhone].compactMap { $0 }) }
            details.formUnion(tenant.messages(ofUserAt: index).filter { inWindow($0.receivedDateTime) }.map(\.internetMessageId))
        }
        #expect(details.count > 20, "too few phone numbers and message ids to check")
        let leakedDetails = details.filter { occurs($0, in: everything) }
        #expect(leakedDetails.isEmpty, "raw phone numbers or message ids in the output: \(leakedDetails.prefix(5))")
        let employeeIds = Set(tenant.users().compactMap(\.employeeId))
        let written = users.compactMap { $0["employeeId"] as? String }
        #expect(!written.isEmpty && written.allSatisfy { $0.count == 32 && !employeeIds.contains($0) }, "\(written.prefix(3))")
        let internetIds = try Self.records(out, "messages").compactMap { $0["internetMessageId"] as? String }
        #expect(!internetIds.isEmpty && internetIds.allSatisfy { $0.count == 32 }, "\(internetIds.prefix(3))")
    }
}
