import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// Runs the demo pipeline against the simulator and checks the output against the tenant's ground truth.
@Suite(.serialized) struct EndToEndTests {
    /// Each expected record's id, from the simulated tenant itself.
    struct GroundTruth {
        var userIds: Set<String> = []
        var messageIds: Set<String> = []
        var mailboxless = 0
        /// Every raw e-mail address and person name in the tenant's users and messages.
        var identities: Set<String> = []
    }

    static func groundTruth(_ tenant: SimulatedTenant, window: (start: Date, end: Date)) -> GroundTruth {
        var truth = GroundTruth()
        for index in 0..<tenant.userCount {
            let user = tenant.user(at: index)
            truth.userIds.insert(user.id)
            truth.identities.formUnion([user.userPrincipalName, user.displayName])
            if let mail = user.mail { truth.identities.insert(mail) }
            guard tenant.hasMailbox(userAt: index) else {
                truth.mailboxless += 1
                continue
            }
            for message in tenant.messages(ofUserAt: index)
            where message.receivedDateTime >= window.start && message.receivedDateTime < window.end {
                truth.messageIds.insert(message.id)
                for party in [message.from] + message.toRecipients + message.ccRecipients {
                    truth.identities.formUnion([party.address, party.name])
                }
            }
        }
        return truth
    }

    /// Expects the users and messages written under `root` to be exactly `truth`'s, each once; returns
    /// their text for further checks.
    @discardableResult
    static func expectEveryRecordOnce(under root: URL, _ truth: GroundTruth, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> (users: String, messages: String)
    {
        let users = try readDataset(root, "users")
        #expect(users.ids.count == Set(users.ids).count, "a user was written twice", sourceLocation: sourceLocation)
        #expect(Set(users.ids) == truth.userIds, sourceLocation: sourceLocation)
        let messages = try readDataset(root, "messages")
        #expect(messages.ids.count == Set(messages.ids).count, "a message was written twice", sourceLocation: sourceLocation)
        #expect(Set(messages.ids) == truth.messageIds, sourceLocation: sourceLocation)
        return (users.text, messages.text)
    }

    /// Reads every part file of a dataset: record ids (each must be new) and the whole text.
    static func readDataset(_ root: URL, _ dataset: String) throws -> (ids: [String], text: String, files: [URL]) {
        let files = visibleFiles(under: root.appendingPathComponent(dataset)).filter { $0.lastPathComponent.hasSuffix(".jsonl.gz") }
        var ids: [String] = []
        var text = ""
        for file in files {
            let content = try gunzip(file)
            text += content
            ids += try jsonLines(content).map { try #require($0["id"] as? String) }
        }
        return (ids, text, files)
    }

    @Test func demoPipelineExportsExactlyTheTenant() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 60, seed: 11, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()

            let window = try #require(pipeline.window).resolve(now: now)
            let truth = Self.groundTruth(simulated.server.tenant, window: window)
            #expect(truth.messageIds.count > 300, "the tenant should have enough messages to mean something")

            let written = try Self.expectEveryRecordOnce(under: simulated.output, truth)
            #expect(summary.datasets.map(\.rows) == [truth.userIds.count, truth.messageIds.count])
            #expect(summary.datasets[1].usersWithoutMailbox == truth.mailboxless)

            // Pseudonymization is on: no raw address or name of the tenant in any file, manifests included.
            var everything = written.users + written.messages
            for file in visibleFiles(under: simulated.output) where !file.lastPathComponent.hasSuffix(".gz") {
                everything += try String(contentsOf: file, encoding: .utf8)
            }
            let bytes = Array(everything.utf8)
            let leaked = truth.identities.filter { $0.count >= 4 && occurs($0, in: bytes) }
            #expect(leaked.isEmpty, "raw identities in the output: \(leaked.prefix(5))")
            #expect(!occurs(SimulatedEnvironment.key, in: bytes))
            #expect(!occurs(SimulatedEnvironment.secret, in: bytes))
            #expect(!occurs("\"subject\"", in: bytes), "free text is dropped by the demo pipeline")
            #expect(occurs("\"toRecipients\"", in: bytes), "the scan reads the real output")
        }
    }

    /// A window on another column than the datasets' own (`window.column`) filters the datasets that
    /// have that column, never the user directory: the users are listed whole, so every mailbox in scope
    /// is still read. (The simulator's messages are created when received, so the truth is the same.)
    @Test func aWindowColumnLeavesTheUserDirectoryWhole() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 30, seed: 13, output: directory.url.appendingPathComponent("out")) { simulated in
            var pipeline = try simulated.loadPipeline("demo.yaml")
            pipeline.window?.column = "createdDateTime"
            let now = Date()
            let summary = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()

            let truth = Self.groundTruth(simulated.server.tenant, window: try #require(pipeline.window).resolve(now: now))
            #expect(truth.messageIds.count > 100)
            _ = try Self.expectEveryRecordOnce(under: simulated.output, truth)
            #expect(summary.datasets.map(\.rows) == [truth.userIds.count, truth.messageIds.count])
        }
    }

    @Test func manifestsDescribeTheirFilesExactly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 25, seed: 12, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let summary = try await PipelineRunner(pipeline: pipeline).run()

            var partitions = 0
            for dataset in ["users", "messages"] {
                let datasetDirectory = simulated.output.appendingPathComponent(dataset)
                let partitionDirectories = try FileManager.default.contentsOfDirectory(atPath: datasetDirectory.path)
                    .filter { $0.hasPrefix("date=") }
                #expect(!partitionDirectories.isEmpty)
                for name in partitionDirectories {
                    partitions += 1
                    let partition = datasetDirectory.appendingPathComponent(name)
                    #expect(FileManager.default.fileExists(atPath: partition.appendingPathComponent("_SUCCESS").path))
                    let manifestData = try Data(contentsOf: partition.appendingPathComponent("_manifest.json"))
                    let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
                    #expect(manifest["run_id"] as? String == summary.runId)
                    #expect(manifest["pseudonym_key_id"] as? String == summary.pseudonymKeyId)
                    let listed = try #require(manifest["files"] as? [[String: Any]])
                    let onDisk = try FileManager.default.contentsOfDirectory(atPath: partition.path).filter { $0.hasPrefix("part-") }
                    #expect(Set(listed.compactMap { $0["name"] as? String }) == Set(onDisk))
                    for entry in listed {
                        let file = partition.appendingPathComponent(try #require(entry["name"] as? String))
                        let bytes = try Data(contentsOf: file)
                        #expect(entry["bytes"] as? Int == bytes.count)
                        let sha = try ExternalTool.sha256(file)
                        #expect(entry["sha256"] as? String == String(sha))
                        let lines = try gunzip(file).split(separator: "\n").count
                        #expect(entry["rows"] as? Int == lines)
                    }
                }
            }
            #expect(partitions == summary.datasets.reduce(0) { $0 + $1.partitions.count })
        }
    }

    @Test func rerunningTheSameWindowReplacesInsteadOfDuplicating() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 20, seed: 13, output: directory.url.appendingPathComponent("out")) { simulated in
            let pipeline = try simulated.loadPipeline("demo.yaml")
            let now = Date()
            let first = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
            let second = try await PipelineRunner(pipeline: pipeline, options: RunOptions(now: now)).run()
            #expect(first.runId != second.runId)
            let messages = try Self.readDataset(simulated.output, "messages")
            #expect(messages.ids.count == Set(messages.ids).count)
            #expect(messages.ids.count == second.datasets[1].rows)
            #expect(messages.files.allSatisfy { $0.lastPathComponent.contains(second.runId) })
        }
    }

    @Test func badCredentialsFailClearlyAndCommitNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatedEnvironment.with(users: 5, seed: 14, output: directory.url.appendingPathComponent("out")) { simulated in
            let wrongSecret = "definitely-wrong-secret-value"
            let pipeline = try simulated.loadPipeline("demo.yaml", overriding: ["FERRY_CLIENT_SECRET": wrongSecret])
            let error = await #expect(throws: RunError.self) { try await PipelineRunner(pipeline: pipeline).run() }
            let text = error?.description ?? ""
            #expect(text.contains("invalid_client"), "the error should say the credentials were refused: \(text)")
            #expect(!text.contains(wrongSecret))
            #expect(visibleFiles(under: simulated.output).isEmpty)
        }
    }
}
