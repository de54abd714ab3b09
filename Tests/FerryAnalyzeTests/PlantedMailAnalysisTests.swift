import FerryCore
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing
@testable import FerryAnalyze

/// The simulator's planted mail exported by `ferry run` (pseudonymized) and read by the analysis's reader:
/// each mirrored message is counted once, by its pseudonymized `internetMessageId`, so a manager's emails
/// sent in a week are their planted weekly mail plus their drawn mail, and the duplicates removed are
/// exactly the mirrored copies.
@Suite struct PlantedMailAnalysisTests {
    /// The demo analysis pipeline without its `analyze:` section, over the simulator's mail window.
    static func pipeline(in directory: URL, anchor: Date, days: Int) throws -> URL {
        let format = { (date: Date) in String(date.ISO8601Format().prefix(10)) }
        let root = ShardedExportAnalysisTests.root
        var text = try String(contentsOf: root.appending(path: "pipelines/demo-analysis.yaml"), encoding: .utf8)
        text = String(text[..<text.range(of: "\nanalyze:")!.lowerBound]) + "\n"
        text = text.replacingOccurrences(
            of: "  last: 14d",
            with: "  start: \(format(anchor.addingTimeInterval(Double(-days) * 86_400)))\n  end: \(format(anchor.addingTimeInterval(86_400)))")
        let file = directory.appending(path: "planted-mail.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func mirroredMailIsCountedOnceAndAManagersSentMailIsThePlantedWeeklyMailPlusTheDrawn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let anchor = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        var configuration = SimulatorConfiguration()
        configuration.users = 150
        configuration.seed = 4242
        configuration.messagesPerUser = 10
        configuration.sentItemsPerUser = 6
        configuration.eventsPerUser = 2
        configuration.days = 14
        configuration.anchor = anchor
        configuration.clientId = "ferry-test"
        configuration.clientSecret = "secret-\(UUID().uuidString)"
        let file = try Self.pipeline(in: directory.url, anchor: anchor, days: configuration.days)
        let output = directory.url.appending(path: "out", directoryHint: .isDirectory)
        let tenant = try await withSimulator(configuration) { server in
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") }.merging([
                "FERRY_GRAPH_URL": server.baseURL, "FERRY_TENANT_ID": server.tenant.tenantId, "FERRY_CLIENT_ID": "ferry-test",
                "FERRY_CLIENT_SECRET": configuration.clientSecret!, "FERRY_PSEUDONYM_KEY": "pseudonym-key-\(UUID().uuidString)",
                "FERRY_OUT": output.path, "FERRY_CONCURRENCY": "4",
            ]) { $1 }
            let run = try await Program.run(AnalyzeCommandTests.ferry, ["run", "--stateless", "--no-progress", file.path], environment: environment)
            try #require(run.status == 0, "\(run.error)")
            return server.tenant
        }

        let reader = ExportReader(root: output)
        let data = try CollaborationDataBuilder.build(reader: reader, inventory: try reader.inventory())

        // The ground truth: every exported copy, and each mail once by internetMessageId.
        var userByAddress: [String: Int] = [:]
        for index in tenant.presentUserIndexes() {
            if let mail = tenant.user(at: index).mail { userByAddress[mail.lowercased()] = index }
        }
        var rows = 0
        var mails: [String: SimulatedMessage] = [:]
        for index in tenant.mailboxUserIndexes() {
            for message in tenant.sentItems(ofUserAt: index) + tenant.messages(ofUserAt: index) {
                rows += 1
                mails[message.internetMessageId] = mails[message.internetMessageId] ?? message
            }
        }
        var planted = Set<SimulatedTenant.PlantedMessage>()
        for index in tenant.mailboxUserIndexes() { planted.formUnion(tenant.plantedMail(ofUserAt: index)) }
        let mirroredCopies = planted.reduce(0) { $0 + $1.recipients.count }
        #expect(mirroredCopies > 300, "\(mirroredCopies) mirrored copies")
        #expect(rows - mails.count == mirroredCopies, "only planted mail is in several mailboxes")
        #expect(data.quality.duplicateMailRows == mirroredCopies)
        #expect(data.mails.count == mails.count)

        // Each person's emails sent per week: their planted weekly mail plus the drawn mail from them.
        func week(_ date: Date) -> Int { Week.start(of: UTCTimestamp(date)) }
        var expected: [Int: [Int: Double]] = [:]
        var plantedSent: [Int: [Int: Double]] = [:]
        for message in planted {
            plantedSent[message.sender, default: [:]][week(message.sentDateTime), default: 0] += 1
        }
        for message in mails.values {
            guard let sender = userByAddress[message.fromAddress.lowercased()] else { continue }
            expected[sender, default: [:]][week(message.sentDateTime), default: 0] += 1
        }
        let createdBySecond = Dictionary(grouping: tenant.presentUserIndexes()) { Int64(tenant.user(at: $0).createdDateTime.timeIntervalSince1970) }
        try #require(createdBySecond.values.allSatisfy { $0.count == 1 }, "creation times tell the users apart")
        // A person is known by the exported id; the creation time, exported as it is, finds the user.
        var userOfPerson: [String: Int] = [:]
        let files = FileManager.default.enumerator(
            at: output.appending(path: "users", directoryHint: .isDirectory), includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        for case let file as URL in files ?? FileManager.default.enumerator(atPath: "/nonexistent")!
        where file.lastPathComponent.hasPrefix("part-") && file.lastPathComponent.hasSuffix(".jsonl.gz") {
            for line in String(decoding: try ExternalTool.gunzip(file), as: UTF8.self).split(separator: "\n") {
                let record = try JSONParser.parse(Array(line.utf8))
                let created = try #require(record["createdDateTime"]?.stringValue.flatMap { UTCTimestamp(parsing: $0) })
                userOfPerson[try #require(record["id"]?.stringValue)] = try #require(createdBySecond[created.millisecondsSinceEpoch / 1000]?.first)
            }
        }
        let members = tenant.presentUserIndexes().filter { tenant.user(at: $0).userType == "Member" }
        #expect(Set(userOfPerson.values).isSuperset(of: members), "every member is exported")
        var checkedManagerWeeks = 0
        var checkedPersonWeeks = 0
        for row in PersonWeekCalculator().compute(data) {
            guard let user = userOfPerson[data.people[row.person].id] else { continue }
            checkedPersonWeeks += 1
            let want = expected[user]?[row.week] ?? 0
            #expect(row[.emailsSent] == want, "user \(user) week \(Week.text(row.week)): \(row[.emailsSent]) sent, \(want) in the tenant")
            let drawn = mails.values.filter {
                userByAddress[$0.fromAddress.lowercased()] == user && week($0.sentDateTime) == row.week
                    && !["Weekly team update", "Weekly status"].contains($0.subject)
            }.count
            if let weekly = plantedSent[user]?[row.week], !tenant.plantedReports(ofUserAt: user).isEmpty {
                #expect(row[.emailsSent] == weekly + Double(drawn), "manager \(user) week \(Week.text(row.week))")
                checkedManagerWeeks += 1
            }
        }
        #expect(checkedPersonWeeks > 300)
        #expect(checkedManagerWeeks > 20, "\(checkedManagerWeeks) manager-weeks with planted mail")
    }
}
