import FerryCore
import Foundation
import Testing
@testable import FerryAnalyze

@Suite struct PersonWeekMetricsTests {
    static let sent = 5.0 / 60
    static let read = 87.2 / 3600

    func analyse(format: String = "jsonl", gzip: Bool = true) throws -> (CollaborationData, [String: PersonWeek]) {
        var fixture = try ExportFixture()
        defer { fixture.remove() }
        fixture.format = format
        fixture.gzip = gzip
        try KnownTenant.write(to: fixture)
        let reader = ExportReader(root: fixture.root)
        let inventory = try reader.inventory()
        var records: [ExportedDataset: [ExportRecord]] = [:]
        for dataset in inventory.partitions.keys { records[dataset] = try reader.records(of: dataset, in: inventory) }
        let data = CollaborationDataBuilder.build(records, missing: inventory.missing)
        let rows = PersonWeekCalculator().compute(data)
        var byPerson: [String: PersonWeek] = [:]
        for row in rows { byPerson[data.people[row.person].id] = row }
        return (data, byPerson)
    }

    @Test func aliceHasEveryMetricAsConstructed() throws {
        let (data, rows) = try analyse()
        let alice = try #require(rows["alice"])
        #expect(Week.text(alice.week) == "2026-11-16")
        #expect(alice[.emailsSent] == 3)
        #expect(alice[.emailsReceived] == 2)
        #expect(abs(alice[.emailHours] - (3 * Self.sent + 2 * Self.read)) < 1e-12)
        // m1 13:00-14:00 and m2 13:30-14:30 count once (1.5 h); m3 cancelled, m4 declined, m5 tentative left out;
        // m6 0.5 h, m7 2 h across midnight, m8 1 h.
        #expect(abs(alice[.meetingHours] - 5.0) < 1e-12)
        #expect(alice[.meetings] == 5)
        #expect(abs(alice[.conflictingMeetingHours] - 0.5) < 1e-12)
        #expect(alice[.smallMeetings] == 5 && alice[.largeMeetings] == 0)
        #expect(alice[.longMeetings] == 1)
        #expect(abs(alice[.recurringMeetingHours] - 1.0) < 1e-12)
        // m7 is 23:30-01:30 in Berlin: wholly after hours; everything else falls within 09-17 Berlin.
        #expect(abs(alice[.afterHoursMeetingHours] - 2.0) < 1e-12)
        // e2 sent at 21:00 Berlin; e3 received at 08:00 Berlin.
        #expect(abs(alice[.afterHoursEmailHours] - (Self.sent + Self.read)) < 1e-12)
        #expect(abs(alice[.afterHoursCollaborationHours] - (2.0 + Self.sent + Self.read)) < 1e-12)
        // e1 written 13:05-13:10 during m1.
        #expect(abs(alice[.multitaskingHours] - 5.0 / 60) < 1e-12)
        #expect(abs(alice[.collaborationHours] - (5.0 + 3 * Self.sent + 2 * Self.read - 5.0 / 60)) < 1e-12)
        // m6 and m7 have exactly Alice and Bob; m1 has Bob and Dave too; Carol (skip level) attends m2 and m8.
        #expect(abs(alice[.managerOneOnOneHours] - 2.5) < 1e-12)
        #expect(abs(alice[.managerMeetingHours] - 1.0) < 1e-12)
        #expect(abs(alice[.skipLevelMeetingHours] - 2.0) < 1e-12)
        // Bob (mail both ways), Carol and Dave (meetings); the mass mail does not count. Outside: fabrikam, both ways.
        #expect(alice[.internalNetworkSize] == 3)
        #expect(alice[.externalNetworkSize] == 1)
        #expect(data.quality.duplicateMailRows == 2)
    }

    @Test func bobsHoursAreReadInTokyo() throws {
        let (_, rows) = try analyse()
        let bob = try #require(rows["bob"])
        // m1 1 h, m4 1 h, m5 1 h, m6 0.5 h, m7 2 h; in Tokyo only 09:00-09:30 of m7 is within 09-17.
        #expect(abs(bob[.meetingHours] - 5.5) < 1e-12)
        #expect(abs(bob[.afterHoursMeetingHours] - 5.0) < 1e-12)
        #expect(bob[.emailsSent] == 1)
        #expect(bob[.emailsReceived] == 2)
    }

    @Test func csvWithoutGzipGivesTheSameMetrics() throws {
        let (_, jsonl) = try analyse()
        let (_, csv) = try analyse(format: "csv", gzip: false)
        for person in ["alice", "bob", "carol", "dave"] {
            #expect(jsonl[person]?.values == csv[person]?.values, "\(person)")
        }
    }

    @Test func theGraphWeighsMailByRecipientsAndMeetingsByAttendees() throws {
        let (data, _) = try analyse()
        let graph = InteractionGraphBuilder().build(data).graph
        let index = Dictionary(uniqueKeysWithValues: data.people.enumerated().map { ($1.id, $0) })
        let alice = index["alice"]!, bob = index["bob"]!, dave = index["dave"]!
        // e1 (1 recipient) 1; m1 1 h over 2 others 0.5; m6 0.5; m7 2; the 50-recipient mail is mass mail.
        #expect(abs(graph.weight(from: alice, to: bob) - 4.0) < 1e-12)
        #expect(abs(graph.weight(from: bob, to: alice) - 4.0) < 1e-12)
        #expect(abs(graph.weight(from: alice, to: dave) - 1.5) < 1e-12)
    }
}
