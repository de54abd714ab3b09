import FerryCore
import Foundation
import GraphSimulator
import Testing
@testable import FerryAnalyze

/// The simulator plants people who send their mail in their evenings; read against each person's own
/// working hours and time zone (from the mailbox settings), they rank top by after-hours email hours.
@Suite struct AfterHoursTests {
    static let anchor = Date(timeIntervalSince1970: 1_795_000_000)
    static let tenant = SimulatedTenant(configuration: SimulatorConfiguration(
        users: 585, seed: 42, messagesPerUser: 40, anchor: anchor, eventsPerUser: 8))

    /// The tenant's mail as `CollaborationData`, each person with the working hours their mailbox settings give.
    static func collaborationData() -> (CollaborationData, [Int]) {
        var data = CollaborationData()
        var personByAddress: [String: Int] = [:]
        var userIndexOfPerson: [Int] = []
        for user in tenant.users() {
            var hours = WorkingHours.standard()
            if let settings = tenant.mailboxSettings(ofUserAt: user.index),
               let iana = WindowsTimeZones.ianaName(for: settings.timeZone), let zone = TimeZone(identifier: iana) {
                hours = WorkingHours(
                    days: Set(settings.workingDays.compactMap { WorkingHours.dayNames.firstIndex(of: $0.lowercased()) }),
                    startSecond: WorkingHours.seconds(ofTimeOfDay: settings.workingHoursStart)!,
                    endSecond: WorkingHours.seconds(ofTimeOfDay: settings.workingHoursEnd)!, timeZone: zone)
            }
            if let mail = user.mail { personByAddress[mail.lowercased()] = data.people.count }
            data.people.append(Person(id: user.id, workingHours: hours))
            userIndexOfPerson.append(user.index)
        }
        var outsiders: [String: Participant] = [:]
        func participant(_ address: String) -> Participant {
            let lowered = address.lowercased()
            if let person = personByAddress[lowered] { return Participant(person: person) }
            if let known = outsiders[lowered] { return known }
            outsiders[lowered] = data.addOutsider(isInternal: false)
            return outsiders[lowered]!
        }
        for index in tenant.mailboxUserIndexes() {
            for message in tenant.sentItems(ofUserAt: index) {
                data.addMail(
                    sent: UTCTimestamp(message.sentDateTime), sender: participant(message.from.address),
                    to: message.toRecipients.map { participant($0.address) }, cc: message.ccRecipients.map { participant($0.address) })
            }
        }
        return (data, userIndexOfPerson)
    }

    @Test func plantedAfterHoursPeopleRankTopByAfterHoursEmailHours() {
        let truth = Self.tenant.plantedCollaboration()
        #expect(truth.afterHours.count >= 10)
        let (data, userIndex) = Self.collaborationData()
        var total = Array(repeating: 0.0, count: data.people.count)
        for row in PersonWeekCalculator().compute(data) { total[row.person] += row[.afterHoursEmailHours] }
        let ranked = total.indices.sorted { (total[$0], -$0) > (total[$1], -$1) }
        // The planted people fill most of the top ranks (as many as there are of them), and every one ranks in the top 2x.
        let top = Set(ranked.prefix(truth.afterHours.count).map { userIndex[$0] })
        let planted = Set(truth.afterHours)
        let found = planted.intersection(top).count
        #expect(Double(found) >= 0.8 * Double(planted.count), "\(found) of \(planted.count) planted after-hours people rank top")
        for person in planted {
            let position = ranked.firstIndex { userIndex[$0] == person }!
            #expect(position < 2 * planted.count, "after-hours person \(person) ranks \(position) of \(ranked.count)")
        }
    }
}
