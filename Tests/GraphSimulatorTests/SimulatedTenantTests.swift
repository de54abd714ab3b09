import Foundation
import Testing
@testable import GraphSimulator

@Suite("The generated tenant")
struct SimulatedTenantTests {
    static func tenant(users: Int = 500, seed: UInt64 = 1) -> SimulatedTenant {
        SimulatedTenant(configuration: SimulatorConfiguration(users: users, seed: seed, anchor: testAnchor))
    }

    @Test("the same seed gives identical users and messages; another seed differs")
    func determinism() {
        let first = Self.tenant(seed: 42)
        let second = Self.tenant(seed: 42)
        let other = Self.tenant(seed: 43)
        #expect(first.tenantId == second.tenantId)
        #expect(first.tenantId != other.tenantId)
        for index in [0, 1, 77, 499] {
            #expect(first.user(at: index) == second.user(at: index))
            #expect(first.messages(ofUserAt: index) == second.messages(ofUserAt: index))
            #expect(first.user(at: index).id != other.user(at: index).id)
        }
        let firstNames = (0..<100).map { first.user(at: $0).displayName }
        #expect(firstNames != (0..<100).map { other.user(at: $0).displayName })
        let firstSubjects = (0..<50).flatMap { first.messages(ofUserAt: $0).map(\.subject) }
        #expect(firstSubjects != (0..<50).flatMap { other.messages(ofUserAt: $0).map(\.subject) })
    }

    @Test("ids encode the index: every id maps back, foreign ids do not")
    func idRoundTrip() {
        let tenant = Self.tenant()
        for index in 0..<tenant.userCount {
            let id = tenant.user(at: index).id
            #expect(tenant.userIndex(forId: id) == index)
        }
        #expect(tenant.userIndex(forId: Self.tenant(seed: 2).user(at: 3).id) == nil)
        #expect(tenant.userIndex(forId: tenant.user(at: 500).id) == nil, "index beyond the directory")
        #expect(tenant.userIndex(forId: "") == nil)
        #expect(tenant.userIndex(forId: "zzzzzzzz-0000-4000-8000-000000000000") == nil)
    }

    /// Generated on the fly: nothing is built per user. `make bench` times it; the time limit is a hang
    /// guard for a tenant that is built per user, not a measurement.
    @Test("a 100,000-user tenant is created without building its users and generates its last user", .timeLimit(.minutes(10)))
    func largeTenant() {
        let tenant = Self.tenant(users: 100_000)
        let last = tenant.user(at: 99_999)
        #expect(tenant.userIndex(forId: last.id) == 99_999)
        #expect(!last.displayName.isEmpty)
        #expect(last.userPrincipalName.contains("@"))
    }

    @Test("principal names and addresses are unique across 20,000 users")
    func uniqueNames() {
        let tenant = Self.tenant(users: 20_000)
        var principalNames = Set<String>()
        var ids = Set<String>()
        for index in 0..<tenant.userCount {
            let user = tenant.user(at: index)
            #expect(principalNames.insert(user.userPrincipalName.lowercased()).inserted, "\(user.userPrincipalName)")
            #expect(ids.insert(user.id).inserted)
        }
    }

    @Test("the directory mixes members, guests, users without mail or mailbox, and awkward names")
    func variety() {
        let tenant = Self.tenant(users: 2_000)
        let users = (0..<tenant.userCount).map(tenant.user(at:))
        let guests = users.filter(\.isGuest)
        #expect(guests.count > 20 && guests.count < 120)
        #expect(guests.allSatisfy { $0.userPrincipalName.contains("#EXT#@") && !tenant.hasMailbox(userAt: $0.index) })
        #expect(users.contains { $0.mail == nil })
        #expect(users.filter { $0.mail == nil }.allSatisfy { !tenant.hasMailbox(userAt: $0.index) })
        let withoutMailbox = (0..<tenant.userCount).filter { !tenant.hasMailbox(userAt: $0) }.count
        #expect(withoutMailbox > 140 && withoutMailbox < 260, "about 10% without a mailbox, got \(withoutMailbox)")
        #expect(users.contains { $0.displayName.unicodeScalars.contains { $0.value > 0x2E80 && $0.value < 0xFFFF } })
        #expect(users.contains { $0.displayName.contains("é") || $0.displayName.contains("ë") })
        #expect(users.contains { $0.displayName.unicodeScalars.contains { $0.properties.isEmoji && $0.value > 0x1F000 } })
        #expect(users.allSatisfy { $0.userPrincipalName.allSatisfy(\.isASCII) })
    }

    @Test("messages are newest first within the window, vary in count, and include awkward subjects")
    func messages() {
        let configuration = SimulatorConfiguration(users: 300, messagesPerUser: 12, days: 5, anchor: testAnchor)
        let tenant = SimulatedTenant(configuration: configuration)
        let start = testAnchor.addingTimeInterval(-5 * 86_400)
        var counts: [Int] = []
        var subjects = Set<String>()
        var external = 0
        var fromTenant = 0
        for index in 0..<tenant.userCount {
            let messages = tenant.messages(ofUserAt: index)
            counts.append(messages.count)
            // Drawn mail is at most twice the average; planted mail from the manager and the reports comes on top.
            let planted = tenant.plantedMail(ofUserAt: index).filter { $0.sender != index }.count
            #expect(messages.count - planted <= 24)
            if !tenant.hasMailbox(userAt: index) { #expect(messages.isEmpty) }
            #expect(zip(messages, messages.dropFirst()).allSatisfy { $0.receivedDateTime >= $1.receivedDateTime })
            #expect(messages.allSatisfy { $0.receivedDateTime >= start && $0.receivedDateTime < testAnchor })
            #expect(Set(messages.map(\.id)).count == messages.count)
            for message in messages {
                subjects.insert(message.subject)
                if message.fromAddress.hasSuffix("@contoso.example") { fromTenant += 1 } else { external += 1 }
                #expect(message.sentDateTime < message.receivedDateTime)
            }
        }
        #expect(counts.contains(0) && counts.contains { $0 >= 20 })
        let average = Double(counts.reduce(0, +)) / Double(counts.filter { $0 > 0 }.count)
        #expect(average > 9 && average < 15)
        #expect(subjects.contains { $0.contains("\n") })
        #expect(subjects.contains { $0.contains("\"") && $0.contains(",") })
        #expect(fromTenant > external && external > 0)
    }

    @Test("the default tenant id is a GUID derived from the seed, the anchor today's UTC midnight")
    func defaults() {
        let configuration = SimulatorConfiguration()
        #expect(configuration.host == "127.0.0.1" && configuration.port == 0 && configuration.users == 100)
        #expect(configuration.tenantId == SimulatorConfiguration.defaultTenantId(seed: 1))
        #expect(configuration.tenantId.count == 36)
        #expect(SimulatorConfiguration(seed: 2).tenantId != configuration.tenantId)
        #expect(configuration.anchor.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
        #expect(Date().timeIntervalSince(configuration.anchor) < 86_400)
    }
}
