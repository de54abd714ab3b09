import FerryCore
import Foundation
import GraphSimulator
import Testing
@testable import FerryAnalyze

/// The simulator's planted meetings: each manager's weekly 1:1 with each direct report and each
/// department's all-hands are one meeting in every internal attendee's calendar (one iCalUId, per-mailbox
/// ids, each copy with its owner's own answer), and the analysis counts each once and finds the 1:1s in
/// manager 1:1 hours.
@Suite struct PlantedMeetingTests {
    static let anchor = Date(timeIntervalSince1970: 1_795_000_000)
    static let tenant = SimulatedTenant(configuration: SimulatorConfiguration(
        users: 240, seed: 77, messagesPerUser: 10, anchor: anchor, eventsPerUser: 6))
    static let from = anchor.addingTimeInterval(-14 * 86_400)
    static let to = anchor.addingTimeInterval(14 * 86_400)

    /// Each user's calendar view over the window, by user index.
    static let calendars: [Int: [SimulatedEvent]] = Dictionary(uniqueKeysWithValues: tenant.mailboxUserIndexes().map {
        ($0, tenant.calendarView(ofUserAt: $0, from: from, to: to))
    })

    @Test func everyAttendeeWithAMailboxHasTheSameMeetingWithItsOwnAnswer() throws {
        let (tenant, from, to) = (Self.tenant, Self.from, Self.to)
        var meetings = Set<SimulatedTenant.PlantedMeeting>()
        for index in tenant.mailboxUserIndexes() { meetings.formUnion(tenant.plantedMeetings(ofUserAt: index)) }
        let oneOnOnes = meetings.filter { if case .oneOnOne = $0 { true } else { false } }
        let allHands = meetings.filter { if case .allHands = $0 { true } else { false } }
        #expect(oneOnOnes.count > 100, "\(oneOnOnes.count) planted 1:1s")
        #expect(allHands.count >= 6, "\(allHands.count) all-hands")
        let windowStart = Int64(from.timeIntervalSince1970)
        let windowEnd = Int64(to.timeIntervalSince1970)
        for meeting in meetings {
            let (organizer, invitees) = tenant.participants(of: meeting)
            let firstStart = try #require(tenant.plantedOccurrenceStarts(of: meeting).first { $0 >= windowStart && $0 < windowEnd })
            var copies: [SimulatedEvent] = []
            for person in [organizer] + invitees where tenant.hasMailbox(userAt: person) {
                let copy = Self.calendars[person]?.first {
                    Int64($0.start.timeIntervalSince1970) == firstStart && ($0.subject == "1:1" || $0.subject == "Town hall")
                        && $0.organizer.address == tenant.user(at: organizer).mail
                        && Set($0.attendees.map(\.emailAddress.address)) == Set(invitees.compactMap { tenant.user(at: $0).mail })
                }
                let found = try #require(copy, "\(meeting) is missing from the calendar of user \(person)")
                #expect(found.isOrganizer == (person == organizer))
                #expect(found.ownerResponse == (person == organizer ? "organizer" : tenant.plantedResponse(of: person, to: meeting)))
                copies.append(found)
            }
            #expect(copies.count >= 2, "\(meeting): \(copies.count) copies")
            #expect(Set(copies.map(\.iCalUId)).count == 1, "\(meeting): one iCalUId in every copy")
            #expect(Set(copies.map(\.id)).count == copies.count, "\(meeting): per-mailbox ids differ")
            #expect(copies.allSatisfy { $0.attendees.map(\.emailAddress.address) == copies[0].attendees.map(\.emailAddress.address) })
        }
        // The ground truth does not change with the generation that added users: the same draw gives the same meetings.
        let again = SimulatedTenant(configuration: SimulatorConfiguration(users: 240, seed: 77, messagesPerUser: 10, anchor: Self.anchor, eventsPerUser: 6))
        #expect(again.calendarView(ofUserAt: 9, from: Self.from, to: Self.to).map(\.iCalUId) == Self.calendars[9]?.map(\.iCalUId))
    }

    /// The calendars as the analysis reads them: every copy of every meeting, de-duplicated by the analysis's
    /// own builder (iCalUId and start), the manager tree from the directory.
    static func analysedData() -> (CollaborationData, personOfUser: [Int: Int], copies: Int) {
        var records: [ExportedDataset: [ExportRecord]] = [:]
        for user in tenant.users() {
            var fields: [(key: String, value: JSONValue)] = [("id", .string(user.id)), ("department", user.department.map(JSONValue.string) ?? .null)]
            if let mail = user.mail { fields.append(("mail", .string(mail))) }
            records[.users, default: []].append(ExportRecord(.object(fields)))
            if let manager = tenant.managerIndex(ofUserAt: user.index) {
                records[.managers, default: []].append(ExportRecord(.object([("puser", .string(user.id)), ("id", .string(tenant.user(at: manager).id))])))
            }
        }
        func address(_ email: SimulatedEmailAddress) -> JSONValue { .object([("emailAddress", .object([("address", .string(email.address))]))]) }
        func time(_ date: Date) -> JSONValue { .string(UTCTimestamp(date).iso8601) }
        var copies = 0
        for (index, events) in calendars.sorted(by: { $0.key < $1.key }) {
            for event in events {
                copies += 1
                let attendees: [JSONValue] = event.attendees.map { attendee in
                    .object([("type", .string(attendee.type)), ("status", .object([("response", .string(attendee.response))])),
                             ("emailAddress", .object([("address", .string(attendee.emailAddress.address))]))])
                }
                records[.calendarView, default: []].append(ExportRecord(.object([
                    ("puser", .string(tenant.user(at: index).id)), ("id", .string(event.id)), ("iCalUId", .string(event.iCalUId)),
                    ("type", .string(event.type)), ("seriesMasterId", event.seriesMasterId.map(JSONValue.string) ?? .null),
                    ("start", time(event.start)), ("end", time(event.end)), ("isAllDay", .bool(event.isAllDay)),
                    ("isCancelled", .bool(event.isCancelled)), ("isOrganizer", .bool(event.isOrganizer)),
                    ("responseStatus", .object([("response", .string(event.ownerResponse))])), ("showAs", .string("busy")),
                    ("organizer", address(event.organizer)), ("attendees", .array(attendees)),
                ])))
            }
        }
        let data = CollaborationDataBuilder.build(records)
        var personOfUser: [Int: Int] = [:]
        for (position, person) in data.people.enumerated() {
            if let index = tenant.userIndex(forId: person.id) { personOfUser[index] = position }
        }
        return (data, personOfUser, copies)
    }

    @Test func eachMeetingIsCountedOnceAndThePlantedOneOnOnesAreManagerOneOnOneHours() throws {
        let (data, personOfUser, copies) = Self.analysedData()
        var distinct = Set<String>()
        for events in Self.calendars.values { for event in events { distinct.insert("\(event.iCalUId) \(event.start.timeIntervalSince1970)") } }
        #expect(copies > distinct.count, "planted meetings are in several calendars")
        #expect(data.meetings.count == distinct.count, "\(data.meetings.count) meetings analysed, \(distinct.count) distinct")
        #expect(data.quality.duplicateMeetingRows == copies - distinct.count)

        let firstWeek = Week.start(of: UTCTimestamp(Self.from))
        let lastWeek = Week.start(of: UTCTimestamp(Self.to.addingTimeInterval(-1)))
        let rows = PersonWeekCalculator().compute(data, firstWeek: firstWeek, lastWeek: lastWeek)
        var metric: [Int: [Int: Double]] = [:]
        for row in rows { metric[row.person, default: [:]][row.week] = row[.managerOneOnOneHours] }
        var checked = 0
        var exact = 0
        var cells = 0
        for index in Self.tenant.mailboxUserIndexes() {
            guard let manager = Self.tenant.plantedManager(ofUserAt: index), Self.tenant.hasMailbox(userAt: manager),
                Self.tenant.managerIndex(ofUserAt: index) == manager, let person = personOfUser[index]
            else { continue }
            let meeting = SimulatedTenant.PlantedMeeting.oneOnOne(manager: manager, report: index)
            var planted: [Int: Double] = [:]
            if Self.tenant.plantedResponse(of: index, to: meeting) == "accepted" {
                for start in Self.tenant.plantedOccurrenceStarts(of: meeting)
                where start >= Int64(Self.from.timeIntervalSince1970) && start < Int64(Self.to.timeIntervalSince1970) {
                    planted[Week.start(ofDay: Int(start / 86_400)), default: 0] += 0.5
                }
            }
            for week in Set(planted.keys).union(metric[person]?.keys ?? [:].keys) {
                let expected = planted[week] ?? 0
                let actual = metric[person]?[week] ?? 0
                cells += 1
                #expect(actual >= expected - 1e-9, "user \(index) week \(week): \(actual) h of manager 1:1s, planted \(expected) h")
                if abs(actual - expected) < 1e-9 { exact += 1 }
                if expected > 0 { checked += 1; #expect(actual > 0) }
            }
        }
        #expect(checked > 200, "\(checked) person-weeks with a planted 1:1")
        // Random events only rarely are a meeting of exactly a person and their manager too.
        #expect(Double(exact) >= 0.95 * Double(cells), "\(exact) of \(cells) person-weeks are exactly the planted 1:1 hours")
    }
}
