import FerryCore
import Foundation
import GraphSimulator
import Testing
@testable import FerryAnalyze

/// The simulator's planted structure, analysed: coarse communities match the planted departments, fine
/// ones the planted teams (adjusted Rand index at least 0.8 each, at the default resolutions the
/// definitions name), and the planted bridges rank in the top 5% by hop-count betweenness on reciprocal ties.
@Suite struct SimulatedTenantStructureTests {
    /// 585 users fill the manager tree's first four levels: 8 departments of 73 people, 64 teams of 9.
    static let tenant = SimulatedTenant(configuration: SimulatorConfiguration(
        users: 585, seed: 42, messagesPerUser: 40, anchor: Date(timeIntervalSince1970: 1_795_000_000), eventsPerUser: 8))

    /// The tenant's mail and calendars as `CollaborationData`, straight from the simulator's ground truth.
    static func collaborationData() -> (CollaborationData, [Int]) {
        var data = CollaborationData()
        var personByAddress: [String: Int32] = [:]
        var userIndexOfPerson: [Int] = []
        for user in tenant.users() {
            let person = Int32(data.people.count)
            data.people.append(Person(id: user.id, department: user.department, workingHours: .standard()))
            userIndexOfPerson.append(user.index)
            if let mail = user.mail { personByAddress[mail.lowercased()] = person }
        }
        var outsiders: [String: Participant] = [:]
        var meetingsSeen = Set<String>()
        var mailsSeen = Set<String>()
        func participant(_ address: String) -> Participant {
            let lowered = address.lowercased()
            if let person = personByAddress[lowered] { return Participant(person: Int(person)) }
            if let known = outsiders[lowered] { return known }
            let outsider = data.addOutsider(isInternal: lowered.hasSuffix("@contoso.example"))
            outsiders[lowered] = outsider
            return outsider
        }
        for index in tenant.mailboxUserIndexes() {
            for message in tenant.messages(ofUserAt: index) + tenant.sentItems(ofUserAt: index) {
                // Planted mail is in the sender's and each recipient's mailbox: counted once, as the analysis does.
                guard mailsSeen.insert(message.internetMessageId).inserted else { continue }
                let sender = participant(message.from.address)
                let to = message.toRecipients.map { participant($0.address) }
                let cc = message.ccRecipients.map { participant($0.address) }
                data.addMail(sent: UTCTimestamp(message.sentDateTime), sender: sender, to: to, cc: cc)
            }
            let anchor = Date(timeIntervalSince1970: 1_795_000_000)
            for event in tenant.calendarView(ofUserAt: index, from: anchor.addingTimeInterval(-14 * 86_400), to: anchor.addingTimeInterval(14 * 86_400)) {
                // A planted meeting is in every attendee's calendar: counted once, as the analysis does (iCalUId and start).
                guard meetingsSeen.insert("\(event.iCalUId) \(event.start.timeIntervalSince1970)").inserted else { continue }
                let organizer = participant(event.organizer.address)
                var invitees = [Meeting.Invitee(participant: organizer, response: .organizer)]
                for attendee in event.attendees where attendee.type != "resource" && attendee.emailAddress.address != event.organizer.address {
                    invitees.append(.init(participant: participant(attendee.emailAddress.address), response: Meeting.Response(text: attendee.response)))
                }
                data.addMeeting(
                    start: UTCTimestamp(event.start), end: UTCTimestamp(event.end), organizer: organizer, invitees: invitees,
                    isCancelled: event.isCancelled, isAllDay: event.isAllDay, isRecurring: event.seriesMasterId != nil)
            }
        }
        return (data, userIndexOfPerson)
    }

    @Test func communitiesMatchThePlantedDepartmentsAndTeams() {
        let (data, userIndex) = Self.collaborationData()
        let truth = Self.tenant.plantedCollaboration()
        let analysis = CollaborationAnalysis.analyse(data, options: AnalysisOptions(root: URL(fileURLWithPath: "/nonexistent"), runId: "t"))
        // People with a planted team and a tie in the graph.
        let people = data.people.indices.filter {
            truth.team[userIndex[$0]] != nil && analysis.measures.inDegree[$0] + analysis.measures.outDegree[$0] > 0
        }
        #expect(people.count > 400)
        let coarse = AdjustedRandIndex.compute(people.map { analysis.measures.coarseCommunities[$0] }, people.map { truth.department[userIndex[$0]]! })
        let fine = AdjustedRandIndex.compute(people.map { analysis.measures.fineCommunities[$0] }, people.map { truth.team[userIndex[$0]]! })
        #expect(coarse >= 0.8, "coarse ARI \(coarse), \(Set(analysis.measures.coarseCommunities).count) communities")
        #expect(fine >= 0.8, "fine ARI \(fine), \(Set(analysis.measures.fineCommunities).count) communities")
    }

    @Test func plantedBridgesRankInTheTopFivePercentByBetweenness() {
        let (data, userIndex) = Self.collaborationData()
        let truth = Self.tenant.plantedCollaboration()
        #expect(truth.bridges.count >= 5)
        let graph = InteractionGraphBuilder().build(data).graph
        let betweenness = Betweenness.compute(graph.reciprocal(), weighted: false)
        let ranked = betweenness.values.indices.sorted { betweenness.values[$0] > betweenness.values[$1] }
        let top = Set(ranked.prefix(ranked.count / 20).map { userIndex[$0] })
        for bridge in truth.bridges {
            #expect(top.contains(bridge), "bridge \(bridge) is not in the top 5%")
        }
    }

    @Test func departmentsInTheDirectoryFollowTheManagerTree() {
        for user in Self.tenant.users() where user.department != nil {
            let head = Self.tenant.plantedDepartment(ofUserAt: user.index)
            #expect(head != nil)
            if let manager = Self.tenant.managerIndex(ofUserAt: user.index), manager != 0 {
                #expect(Self.tenant.user(at: manager).department == nil || Self.tenant.user(at: manager).department == user.department)
            }
        }
    }
}
