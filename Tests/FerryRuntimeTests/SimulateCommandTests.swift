import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// `ferry simulate` as a user starts it: a child process whose base URL comes from `--ready-file`.
enum SimulateCommand {
    /// Runs `ferry simulate` with `arguments` and `--ready-file` in `directory`, hands `body` its base URL,
    /// and always stops it.
    static func with<T>(_ arguments: [String], in directory: URL, _ body: (String) async throws -> T) async throws -> T {
        let ready = directory.appendingPathComponent("ready")
        let simulate = try Program.Child(CommandLineTests.ferry, ["simulate"] + arguments + ["--ready-file", ready.path])
        do {
            // Bounded: a minute for the simulator to start listening.
            var baseURL: String?
            for _ in 0..<600 where baseURL == nil && simulate.process.isRunning {
                let text = (try? String(contentsOf: ready, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                if let text, !text.isEmpty { baseURL = text } else { try await Task.sleep(for: .milliseconds(100)) }
            }
            let result = try await body(try #require(baseURL, "ferry simulate did not become ready: \(simulate.outputSoFar)"))
            await simulate.killAndWait()
            return result
        } catch {
            await simulate.killAndWait()
            throw error
        }
    }
}

@Suite struct SimulateCommandTests {
    static let pipeline = """
        name: simulated-mail
        \(SimulatedEnvironment.sourceYAML)
        scope:
          users: all
          exclude_guests: false
        window:
          last: 30d
        datasets:
          - dataset: messages
          - dataset: sent_items
        transform:
          pseudonymize:
            key: ${FERRY_PSEUDONYM_KEY}
        load:
          path: ${FERRY_OUT}
        """

    /// `--messages-per-user` sizes the Inbox and, at half of it, Sent Items, as `SimulatorConfiguration`
    /// does: the exported mail of a spawned `ferry simulate` is the mail of the tenant the library builds
    /// from the same flags. (It once set the Inbox after Sent Items had been sized from the default.)
    @Test func messagesPerUserSizesInboxAndSentItemsAsTheLibraryDoes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatorConfiguration(messagesPerUser: 60)
        configuration.users = 6
        configuration.seed = 5
        configuration.tenantId = SimulatorConfiguration.defaultTenantId(seed: 5)  // as the command derives it
        #expect(configuration.sentItemsPerUser == 30)
        let tenant = SimulatedTenant(configuration: configuration)
        let mailboxes = tenant.mailboxUserIndexes()
        let inbox = mailboxes.flatMap { tenant.messages(ofUserAt: $0) }.map(\.id).sorted()
        let sent = mailboxes.flatMap { tenant.sentItems(ofUserAt: $0) }.map(\.id).sorted()
        // Well above what the default of 20 (Sent Items 10) would give six users.
        #expect(inbox.count > 6 * 40 && sent.count > 6 * 20, "inbox \(inbox.count), sent \(sent.count)")

        let file = directory.url.appendingPathComponent("mail.yaml")
        try Data(Self.pipeline.utf8).write(to: file)
        let out = directory.url.appendingPathComponent("out")
        try await SimulateCommand.with(["--users", "6", "--seed", "5", "--messages-per-user", "60"], in: directory.url) { url in
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") }
            environment["FERRY_GRAPH_URL"] = url
            environment["FERRY_TENANT_ID"] = tenant.tenantId
            environment["FERRY_CLIENT_ID"] = "ferry-test"
            environment["FERRY_CLIENT_SECRET"] = SimulatedEnvironment.secret
            environment["FERRY_PSEUDONYM_KEY"] = SimulatedEnvironment.key
            environment["FERRY_OUT"] = out.path
            let run = try await Program.run(
                CommandLineTests.ferry,
                ["run", "--stateless", "--no-progress", "--schemas", repositoryRoot.appendingPathComponent("schemas").path, file.path],
                environment: environment)
            #expect(run.status == 0, "\(run.output)\(run.error)")
        }
        // The window (30 days) holds the whole simulated week.
        #expect(try EveryDatasetTests.records(out, "messages").compactMap { $0["id"] as? String }.sorted() == inbox)
        #expect(try EveryDatasetTests.records(out, "sent_items").compactMap { $0["id"] as? String }.sorted() == sent)
    }
}
