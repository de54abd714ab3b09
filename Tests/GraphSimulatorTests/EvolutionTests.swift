import Foundation
import Testing
@testable import GraphSimulator

@Suite("Generations and ground truth")
struct EvolutionTests {
    static let configuration = SimulatorConfiguration(users: 2_000, seed: 91, messagesPerUser: 10, anchor: testAnchor)

    @Test("a generation is a pure function of the seed: rebuilt or evolved, the tenant is the same")
    func determinism() {
        let first = SimulatedTenant(configuration: Self.configuration)
        var third = Self.configuration
        third.generation = 3
        let direct = SimulatedTenant(configuration: third)
        let evolved = first.atGeneration(3)
        #expect(direct.users() == evolved.users())
        #expect(direct.groups() == evolved.groups())
        #expect(direct.userCount == first.userCount + 3 * 10)
        for index in [0, 17, 1_999, 2_005] {
            #expect(direct.messages(ofUserAt: index) == evolved.messages(ofUserAt: index))
            #expect(direct.events(ofUserAt: index) == evolved.events(ofUserAt: index))
        }
    }

    @Test("evolving adds, changes and deletes users, and adds and removes mail without touching the rest")
    func changes() {
        let first = SimulatedTenant(configuration: Self.configuration)
        let later = first.atGeneration(4)
        let before = Dictionary(uniqueKeysWithValues: first.users().map { ($0.id, $0) })
        let after = later.users()
        let added = after.filter { before[$0.id] == nil }
        #expect(added.count == 40 - added.filter { later.generationDeleted(userAt: $0.index) != nil }.count)
        #expect(added.allSatisfy { $0.createdDateTime >= testAnchor })
        let afterIds = Set(after.map(\.id))
        let deleted = before.keys.filter { !afterIds.contains($0) }
        #expect(!deleted.isEmpty)
        for id in deleted { #expect(later.userIndex(forId: id) == nil) }
        #expect(after.contains { user in before[user.id].map { $0.jobTitle != user.jobTitle } ?? false })

        var newMail = 0
        var removedMail = 0
        for index in first.mailboxUserIndexes() where later.hasMailbox(userAt: index) {
            let old = first.messages(ofUserAt: index)
            let new = later.messages(ofUserAt: index)
            let oldIds = Set(old.map(\.id))
            let fresh = new.filter { !oldIds.contains($0.id) }
            #expect(fresh.allSatisfy { $0.receivedDateTime >= testAnchor && $0.receivedDateTime < testAnchor.addingTimeInterval(4 * 3600) })
            #expect(zip(new, new.dropFirst()).allSatisfy { $0.receivedDateTime >= $1.receivedDateTime }, "still newest first")
            let kept = new.filter { oldIds.contains($0.id) }
            let newIds = Set(new.map(\.id))
            #expect(kept == old.filter { newIds.contains($0.id) }, "surviving mail is unchanged")
            newMail += fresh.count
            removedMail += old.count - kept.count
        }
        #expect(newMail > 1_000 && removedMail > 100)
    }

    @Test("relations are consistent: managers and reports, members and memberOf, on a 10,000-user tenant")
    func relations() {
        let tenant = SimulatedTenant(configuration: SimulatorConfiguration(users: 10_000, seed: 92, anchor: testAnchor)).atGeneration(2)
        for link in tenant.directReportLinks() {
            #expect(tenant.managerIndex(ofUserAt: link.target.index).map { tenant.user(at: $0).id } == link.sourceId)
        }
        #expect(tenant.managerLinks().count == tenant.directReportLinks().count)
        let tops = tenant.presentUserIndexes().filter { tenant.managerIndex(ofUserAt: $0) == nil && !tenant.user(at: $0).isGuest }
        #expect(!tops.isEmpty && tops.count < 50)
        var memberships: [String: Set<String>] = [:]
        for link in tenant.groupMemberLinks() where link.target.kind == .user {
            memberships[link.target.id, default: []].insert(link.sourceId)
        }
        for index in tenant.presentUserIndexes() {
            let user = tenant.user(at: index)
            #expect(Set(tenant.memberOf(userAt: index).map { tenant.group(at: $0).id }) == memberships[user.id] ?? [])
        }
        let groups = tenant.groups()
        #expect(groups.count > 600 && Set(groups.map(\.mailNickname)).count == groups.count)
    }
}
