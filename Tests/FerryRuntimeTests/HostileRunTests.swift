import FerryConfig
import FerryLoad
import FerryRuntime
import FerryTestSupport
import Foundation
@testable import GraphSimulator
import Testing

/// Whole runs against a Graph that misbehaves (`HostileGraphProxy` in front of the simulator): the
/// output must still be exactly the tenant, and what did not become a row must be counted.
@Suite(.serialized) struct HostileRunTests {
    /// The demo pipeline pointed at `proxy` instead of the simulator.
    static func pipeline(_ simulated: SimulatedEnvironment, through proxy: HostileGraphProxy) throws -> Pipeline {
        try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_GRAPH_URL": proxy.baseURL])
    }

    @Test("a record Graph repeats on the next page is written once, and a repeated user's mailbox read once")
    func repeatedRecordsAreWrittenOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 40, seed: 71, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            mischief.repeatItemsAcrossPages = true
            let (summary, _) = try await Self.expectTheTenant(simulated, through: mischief, repeating: 20)
            #expect(summary.datasets[0].duplicates > 0 && summary.datasets[1].duplicates > 0)
            #expect(summary.render().contains("duplicate records"))
        }
    }

    /// Runs the demo pipeline through a proxy playing `mischief`, which repeats items across pages, and
    /// expects exactly the tenant: every user and message once, each mailboxless user counted once (a
    /// user listed twice would be counted twice), each item the proxy repeated (more than `repeating`)
    /// counted as a duplicate. Returns the run's summary and the messages' text.
    static func expectTheTenant(
        _ simulated: SimulatedEnvironment, through mischief: HostileGraphProxy.Mischief, repeating: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (RunSummary, String) {
        try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
            let pipeline = try Self.pipeline(simulated, through: proxy)
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
            #expect(proxy.repeatedItems > repeating, "the proxy repeated items on later pages", sourceLocation: sourceLocation)
            let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
            let messages = try EndToEndTests.expectEveryRecordOnce(under: simulated.output, truth, sourceLocation: sourceLocation).messages
            #expect(summary.datasets[1].usersWithoutMailbox == truth.mailboxless, sourceLocation: sourceLocation)
            #expect(summary.datasets.map(\.duplicates).reduce(0, +) == proxy.repeatedItems, sourceLocation: sourceLocation)
            return (summary, messages)
        }
    }

    @Test("keys Graph spells with escapes are read as their text: every user's mailbox read, every record once")
    func keysWithEscapesAreReadAsTheirText() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 30, seed: 73, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            mischief.repeatItemsAcrossPages = true
            // The users listing's and every record's id, the pages' own members, a $batch answer's envelope.
            mischief.respell = [
                (#""id":"#, #""\u0069d":"#), (#""value":"#, #""v\u0061lue":"#), (#""@odata.nextLink":"#, #""@odata.next\u004Cink":"#),
                (#""status":"#, #""st\u0061tus":"#), (#""body":"#, #""b\u006fdy":"#), (#""address":"#, #""\u0061ddress":"#),
            ]
            let (_, messages) = try await Self.expectTheTenant(simulated, through: mischief, repeating: 10)
            // Keys inside json columns (a recipient's address) come out plain.
            #expect(!messages.contains(#"\u0061ddress"#) && messages.contains(#""address":"#))
        }
    }

    @Test("items of the user listing that are not user objects are quarantined and counted, never dropped silently")
    func strayUserItemsAreQuarantined() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 12, seed: 72, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            mischief.strayUserItems = ["42", #""a string""#, "null", "[1, 2]", #"{"displayName": "no id here"}"#, "true"]
            try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
                let pipeline = try Self.pipeline(simulated, through: proxy)
                let now = Date()
                let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
                let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
                let users = try EndToEndTests.readDataset(simulated.output, "users")
                #expect(Set(users.ids) == truth.userIds)
                #expect(users.ids.count == truth.userIds.count)
                #expect(proxy.strayItems >= 6)
                #expect(summary.datasets[0].quarantined == proxy.strayItems)
                let file = try #require(summary.datasets[0].quarantineFile)
                let entries = try jsonLines(try String(contentsOf: file, encoding: .utf8))
                #expect(entries.count == proxy.strayItems)
                let reasons = Set(entries.compactMap { $0["reason"] as? String })
                #expect(reasons.contains { $0.contains("a number") } && reasons.contains { $0.contains("an array") })
                #expect(reasons.allSatisfy { !$0.contains("no id here") }, "a reason never quotes the item")
            }
        }
    }

    /// A quarantined record's id is written as the dataset's id column is: hashed under `identifier: hash`,
    /// never the raw directory id.
    @Test func quarantinedIdsArePseudonymizedAsTheirColumn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 12, seed: 79, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            // A display name of a shape no column takes: the user rows so rewritten are quarantined.
            mischief.rewriteItems["/v1.0/users?"] = { user in
                var user = user
                user["displayName"] = ["first": "Adele", "last": "Vance"]
                return user
            }
            try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
                var pipeline = try Self.pipeline(simulated, through: proxy)
                pipeline.pseudonymize?.modes[.identifier] = .hash
                let summary = try await PipelineRunner(pipeline: pipeline).run()
                let users = try #require(summary.datasets.first { $0.dataset == "users" })
                #expect(users.quarantined > 0, "\(users.quarantined) quarantined, \(users.rows) rows")
                let file = try #require(users.quarantineFile)
                let ids = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                    .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.compactMap { $0["id"] as? String }
                #expect(ids.count == users.quarantined)
                let raw = Set((0..<simulated.server.tenant.userCount).map { simulated.server.tenant.user(at: $0).id })
                #expect(ids.allSatisfy { !raw.contains($0) }, "a raw id in the quarantine: \(ids)")
                #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) }, "\(ids)")
            }
        }
    }

    /// The shards of a run share its id; each keeps its own quarantine file, none replacing another's.
    @Test func eachShardKeepsItsOwnQuarantineFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 20, seed: 77, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            // The sender as a bare string: every message is quarantined.
            mischief.rewriteItems["/messages"] = { message in
                var message = message
                message["sender"] = "Some One <someone@example.com>"
                return message
            }
            try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
                let pipeline = try Self.pipeline(simulated, through: proxy)
                var quarantined = 0
                for index in 0..<2 {
                    var options = RunOptions()
                    options.shard = try Shard(index: index, count: 2)
                    options.runId = "sharded-quarantine"
                    let summary = try await PipelineRunner(pipeline: pipeline, options: options).run()
                    let messages = try #require(summary.datasets.first { $0.dataset == "messages" })
                    #expect(messages.quarantined > 0 && messages.rows == 0, "shard \(index)")
                    #expect(messages.quarantineFile?.lastPathComponent == "part-sharded-quarantine.shard-\(index).jsonl")
                    quarantined += messages.quarantined
                }
                let files = visibleFiles(under: simulated.output.appendingPathComponent("messages/_quarantine"))
                #expect(files.map(\.lastPathComponent).sorted() == ["part-sharded-quarantine.shard-0.jsonl", "part-sharded-quarantine.shard-1.jsonl"])
                let lines = try files.reduce(0) { $0 + (try String(contentsOf: $1, encoding: .utf8)).split(separator: "\n").count }
                #expect(lines == quarantined, "every quarantined record is in a file")
            }
        }
    }

    @Test("personal values in shapes the schema does not expect never reach the output raw")
    func unexpectedShapesOfPersonalDataFailClosed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 20, seed: 76, output: directory.url.appendingPathComponent("out")) { simulated in
            var mischief = HostileGraphProxy.Mischief()
            // Each message gets one of the shapes a hostile tester found passing through: the sender as a
            // string, emailAddress as a list, the recipients as an object, an extra key inside emailAddress,
            // a bare string in the cc list. The raw address and name of the original sender travel in each.
            mischief.rewriteItems["/messages"] = { message in
                var message = message
                let from = (message["from"] as? [String: Any])?["emailAddress"] as? [String: Any] ?? [:]
                let address = from["address"] as? String ?? "someone@example.com"
                let name = from["name"] as? String ?? "Some One"
                switch abs((message["id"] as? String ?? "").hashValue) % 5 {
                case 0: message["sender"] = "\(name) <\(address)>"
                case 1: message["from"] = ["emailAddress": [["address": address, "name": name]]]
                case 2: message["toRecipients"] = ["emailAddress": ["address": address, "name": name]]
                case 3: message["from"] = ["emailAddress": ["address": address, "name": name, "alias": address]]
                default: message["ccRecipients"] = [address, ["emailAddress": ["address": address, "name": name]]]
                }
                return message
            }
            try await HostileGraphProxy.with(frontOf: simulated.server.baseURL, mischief: mischief) { proxy in
                let pipeline = try Self.pipeline(simulated, through: proxy)
                let now = Date()
                let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
                let truth = EndToEndTests.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
                let messages = try EndToEndTests.readDataset(simulated.output, "messages")
                #expect(summary.datasets[1].quarantined > 0, "a wrong shape is quarantined")
                #expect(messages.ids.count + summary.datasets[1].quarantined == truth.messageIds.count, "every message is a row or quarantined")
                var everything = Array(messages.text.utf8)
                for file in visibleFiles(under: simulated.output) where !file.lastPathComponent.hasSuffix(".gz") {
                    everything += Array(try Data(contentsOf: file))
                }
                let leaked = truth.identities.filter { $0.count >= 4 && occurs($0, in: everything) }
                #expect(leaked.isEmpty, "raw identities in the output or quarantine: \(leaked.prefix(5))")
            }
        }
    }

    @Test("a run whose commit fails in its second dataset leaves the first dataset's partitions as they were")
    func aFailedCommitLeavesEveryPartitionAsItWas() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 15, seed: 73, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let now = Date()
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
            let usersDirectory = simulated.output.appendingPathComponent("users")
            let messagesDirectory = simulated.output.appendingPathComponent("messages")
            let before = visibleFiles(under: simulated.output)
            let usersManifest = try Manifest.read(from: try #require(first.datasets[0].partitions.first).directory)

            // The second dataset's run records cannot be written: its commit fails after the first's.
            let runs = messagesDirectory.appendingPathComponent(DatasetRunRecord.directoryName)
            try FileManager.default.removeItem(at: runs)
            try Data("in the way".utf8).write(to: runs)
            let error = await #expect(throws: RunError.self) {
                try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now.addingTimeInterval(3))).run()
            }
            #expect(error?.description.contains("none of its output was committed") == true)
            #expect(error?.description.contains("_runs") == true, "the error names what failed: \(String(describing: error))")

            try FileManager.default.removeItem(at: runs)
            let after = visibleFiles(under: simulated.output).filter { !$0.path.contains("/_runs") }
            #expect(after == before.filter { !$0.path.contains("/_runs") })
            #expect(try Manifest.read(from: try #require(first.datasets[0].partitions.first).directory) == usersManifest)
            let records = try FileManager.default.contentsOfDirectory(atPath: usersDirectory.appendingPathComponent("_runs").path)
            #expect(records == ["\(first.runId).json"], "the failed run's record went back with its partitions")
            let hidden = try FileManager.default.contentsOfDirectory(atPath: usersDirectory.path).filter { $0.hasPrefix(".") }
                + ResumeTests.leftovers(simulated.output)
            #expect(hidden.isEmpty, "the failed run's staging is gone: \(hidden)")
        }
    }

    @Test("a window of a hundred years writes only the days that hold records, and its run record says what it covered")
    func aWideWindowWritesOnlyDaysWithRecords() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.url.appendingPathComponent("out")
        try await SimulatedEnvironment.with(users: 10, seed: 74, output: output) { simulated in
            let pipeline = try simulated.loadPipeline(
                yaml: """
                name: wide
                \(SimulatedEnvironment.sourceYAML)
                window:
                  start: 2000-01-01
                  end: 2100-01-01
                datasets:
                  - dataset: messages
                transform:
                  pseudonymize:
                    key: ${FERRY_PSEUDONYM_KEY}
                load:
                  path: ${FERRY_OUT}
                """, writingTo: directory.url.appendingPathComponent("wide.yaml"))
            let summary = try await PipelineRunner(pipeline: pipeline).run()

            let tenant = simulated.server.tenant
            var days = Set<String>()
            var count = 0
            for index in 0..<tenant.userCount where tenant.hasMailbox(userAt: index) {
                for message in tenant.messages(ofUserAt: index) {
                    days.insert(String(message.receivedDateTime.ISO8601Format().prefix(10)))
                    count += 1
                }
            }
            #expect(summary.datasets[0].rows == count)
            let datasetDirectory = output.appendingPathComponent("messages")
            let partitions = try FileManager.default.contentsOfDirectory(atPath: datasetDirectory.path).filter { $0.hasPrefix("date=") }
            #expect(Set(partitions) == Set(days.map { "date=\($0)" }), "one partition per day with mail, no empty ones")
            #expect(days.count < 400)

            let record = try DatasetRunRecord.read(runId: summary.runId, datasetDirectory: datasetDirectory)
            #expect(record.covers == .range(from: "2000-01-01", to: "2100-01-01"))
            #expect(record.partitions.map(\.value) == days.sorted())
            #expect(record.rows == count && record.removed.isEmpty)
        }
    }
}

/// What a stopped run says: that it was stopped, not a `CancellationError()`.
@Suite(.serialized) struct StoppedRunTests {
    @Test(.timeLimit(.minutes(10))) func aRunStoppedWithoutStateSaysSo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 75, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let gate = simulated.server.admissionGate
            gate.close()
            let run = Task { try await PipelineRunner(pipeline: pipeline).run() }
            // Bounded: the run's first Graph request reaches the closed gate well within this many polls.
            for _ in 0..<6_000 where gate.waitingCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(gate.waitingCount > 0, "the run reached Graph")
            run.cancel()
            gate.open()
            let error = await #expect(throws: RunError.self) { try await run.value }
            #expect(error?.stopped == true)
            #expect(error?.description.contains("stopped (SIGINT or SIGTERM) before the end") == true, "\(String(describing: error))")
            #expect(error?.description.contains("CancellationError") == false)
            #expect(visibleFiles(under: simulated.output).isEmpty)
        }
    }
}
