import Foundation
import Testing
@testable import GraphSimulator

/// The simulator's planted mail: each manager's weekly team update and each report's weekly status are one
/// message in the sender's Sent Items and in every recipient's Inbox, listed at its time among the drawn mail.
@Suite("Planted mail: one message in the sender's Sent Items and each recipient's Inbox")
struct PlantedMailTests {
    static let configuration = SimulatorConfiguration(
        users: 300, seed: 33, messagesPerUser: 12, days: 21, anchor: testAnchor, sentItemsPerUser: 8)
    static let tenant = SimulatedTenant(configuration: configuration)
    static let plantedSubjects = Set(MessageVocabulary.plantedSubjects)

    /// Every planted message of the tenant, from each user's ground truth.
    static func plantedMessages(_ tenant: SimulatedTenant) -> Set<SimulatedTenant.PlantedMessage> {
        var planted = Set<SimulatedTenant.PlantedMessage>()
        for index in tenant.mailboxUserIndexes() { planted.formUnion(tenant.plantedMail(ofUserAt: index)) }
        return planted
    }

    @Test("every planted message is once in its sender's Sent Items and once in each recipient's Inbox, the copies agreeing")
    func mirrored() throws {
        let tenant = Self.tenant
        let owners = tenant.mailboxUserIndexes()
        var inboxes: [Int: [SimulatedMessage]] = [:]
        var sentItems: [Int: [SimulatedMessage]] = [:]
        for index in owners {
            inboxes[index] = tenant.messages(ofUserAt: index)
            sentItems[index] = tenant.sentItems(ofUserAt: index)
        }
        let planted = Self.plantedMessages(tenant)
        let notes = planted.filter { if case .teamNote = $0.series { true } else { false } }
        #expect(notes.count > 60, "\(notes.count) team updates")
        #expect(planted.count - notes.count > 400, "\(planted.count - notes.count) statuses")
        #expect(Set(planted.map(\.week)).count == 3, "three weeks of a 21-day window")
        let windowStart = testAnchor.addingTimeInterval(-21 * 86_400)
        var inboxCopies = 0
        for message in planted {
            let recipients = message.recipients.map { tenant.user(at: $0).mail }
            let originals = try #require(sentItems[message.sender]).filter {
                $0.sentDateTime == message.sentDateTime && $0.toAddresses == recipients && Self.plantedSubjects.contains($0.subject)
            }
            try #require(originals.count == 1, "\(message) is \(originals.count) times in the sender's Sent Items")
            let original = originals[0]
            #expect(original.fromAddress == tenant.user(at: message.sender).mail)
            #expect(original.receivedDateTime == original.sentDateTime && original.isRead)
            #expect(sentItems[message.sender]?.filter { $0.internetMessageId == original.internetMessageId }.count == 1)
            #expect(original.sentDateTime >= windowStart)
            // Sent on a weekday between 10:00 and 14:00 at the sender's office, so it adds no after-hours mail.
            let local = Int64(original.sentDateTime.timeIntervalSince1970) + tenant.officeOffset(ofUserAt: message.sender)
            let (day, hour) = (local / 86_400, local % 86_400 / 3600)
            #expect((day + 3) % 7 < 5 && (10..<14).contains(hour), "\(message) is sent on weekday \((day + 3) % 7) at \(hour):00 local")
            var ids = [original.id]
            for recipient in message.recipients {
                let copies = try #require(inboxes[recipient]).filter { $0.internetMessageId == original.internetMessageId }
                try #require(copies.count == 1, "\(message) is \(copies.count) times in the Inbox of user \(recipient)")
                let copy = copies[0]
                inboxCopies += 1
                ids.append(copy.id)
                #expect(copy.subject == original.subject && copy.from == original.from)
                #expect(copy.toRecipients == original.toRecipients && copy.ccRecipients == original.ccRecipients)
                #expect(copy.sentDateTime == original.sentDateTime && copy.conversationIndex == original.conversationIndex)
                #expect(copy.body == original.body && copy.hasAttachments == original.hasAttachments)
                let delay = copy.receivedDateTime.timeIntervalSince(copy.sentDateTime)
                #expect(delay >= 1 && delay <= 30 && copy.receivedDateTime < testAnchor)
                #expect(copy.parentFolderId == inboxes[recipient]?.first?.parentFolderId)
            }
            #expect(Set(ids).count == ids.count, "each copy has its own id")
        }
        // Nothing else carries a planted subject: each folder holds exactly its ground truth's copies.
        let listedInInboxes = owners.reduce(0) { $0 + (inboxes[$1] ?? []).filter { Self.plantedSubjects.contains($0.subject) }.count }
        let listedInSentItems = owners.reduce(0) { $0 + (sentItems[$1] ?? []).filter { Self.plantedSubjects.contains($0.subject) }.count }
        #expect(listedInInboxes == inboxCopies)
        #expect(listedInSentItems == planted.count)
    }

    @Test("listings hold as many messages as the folder counts, newest first; evolution keeps every planted copy")
    func countsOrderAndEvolution() throws {
        let tenant = Self.tenant
        let evolved = tenant.atGeneration(4)
        var evolvedChecked = 0
        for index in tenant.mailboxUserIndexes() {
            let mailbox = try #require(tenant.mailbox(ofUserAt: index))
            let truth = tenant.plantedMail(ofUserAt: index)
            for folder in SimulatedMailFolder.allCases {
                let messages = tenant.messages(in: folder, ofUserAt: index)
                let times = messages.map { folder == .inbox ? $0.receivedDateTime : $0.sentDateTime }
                #expect(messages.count == mailbox.folder(folder).count, "user \(index) \(folder)")
                #expect(zip(times, times.dropFirst()).allSatisfy { $0 >= $1 }, "user \(index) \(folder) is newest first")
                #expect(Set(messages.map(\.id)).count == messages.count)
                let plantedIds = messages.filter { Self.plantedSubjects.contains($0.subject) }.map(\.id)
                #expect(plantedIds.count == truth.filter { ($0.sender == index) == (folder == .sentItems) }.count)
                #expect(mailbox.folder(folder).planted == plantedIds.count)

                guard evolved.hasMailbox(userAt: index) else { continue }
                let later = evolved.messages(in: folder, ofUserAt: index)
                let laterTimes = later.map { folder == .inbox ? $0.receivedDateTime : $0.sentDateTime }
                #expect(Set(plantedIds).isSubset(of: later.map(\.id)), "user \(index) \(folder) lost planted mail")
                #expect(later.filter { Self.plantedSubjects.contains($0.subject) }.count == plantedIds.count)
                #expect(zip(laterTimes, laterTimes.dropFirst()).allSatisfy { $0 >= $1 })
                evolvedChecked += 1
            }
        }
        #expect(evolvedChecked > 400)
    }

    @Test("paging, $filter on the folder's time and delta serve planted copies like drawn ones")
    func served() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            // A manager with several reports: their Inbox holds a status from each every week.
            let manager = try #require(tenant.mailboxUserIndexes().first { index in
                tenant.plantedMail(ofUserAt: index).filter { $0.sender != index }.count >= 12
            })
            let base = "\(client.server.baseURL)/v1.0/users/\(tenant.user(at: manager).id)/mailFolders/"
            for folder in SimulatedMailFolder.allCases {
                let paged = try await client.items(from: base + folder.rawValue + "/messages?$top=7&$select=subject", token: token)
                let ids = paged.compactMap { $0["id"] as? String }
                #expect(ids == tenant.messages(in: folder, ofUserAt: manager).map(\.id), "\(folder)")
                #expect(Set(ids).count == ids.count)
            }

            let inbox = tenant.messages(ofUserAt: manager)
            let planted = inbox.filter { Self.plantedSubjects.contains($0.subject) }
            let (from, to) = (planted[planted.count - 3].receivedDateTime, planted[2].receivedDateTime)
            let inRange = { (message: SimulatedMessage) in message.receivedDateTime >= from && message.receivedDateTime < to }
            for (filter, expected) in [
                ("receivedDateTime ge \(MessagesEndpointTests.iso(from)) and receivedDateTime lt \(MessagesEndpointTests.iso(to))",
                 inbox.filter(inRange)),
                ("receivedDateTime ge \(MessagesEndpointTests.iso(from)) and receivedDateTime lt \(MessagesEndpointTests.iso(to)) "
                    + "and subject eq 'Weekly status'", planted.filter { inRange($0) && $0.subject == "Weekly status" }),
            ] {
                let encoded = try #require(filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let served = try await client.items(from: base + "inbox/messages?$top=3&$select=id&$filter=" + encoded, token: token)
                let ids = served.compactMap { $0["id"] as? String }
                #expect(ids == expected.map(\.id), "\(filter)")
                #expect(expected.contains { Self.plantedSubjects.contains($0.subject) })
            }
            #expect(planted.filter(inRange).count == planted.count - 5, "the window holds all planted copies but the 2 newest and 3 oldest")

            let first = try await DeltaTests.round(base + "inbox/messages/delta?$select=subject", client: client, token: token, pageSize: 9)
            #expect(first.items.compactMap { $0["id"] as? String } == inbox.map(\.id))
            for _ in 0..<3 { _ = client.server.advanceGeneration() }
            let second = try await DeltaTests.round(first.deltaLink, client: client, token: token)
            let changed = Set(second.items.compactMap { $0["id"] as? String })
            #expect(changed.isDisjoint(with: planted.map(\.id)), "delta reports no planted copy as new or deleted")
            #expect(Set(planted.map(\.id)).isSubset(of: client.server.tenant.messages(ofUserAt: manager).map(\.id)))
        }
    }
}
