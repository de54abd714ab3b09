import FerryRuntime
import Foundation
import Logging
import Synchronization
import Testing

/// `--log-format json`'s handler, and the redaction under both formats.
@Suite("JSON logs")
struct JSONLogTests {
    /// Lines a handler wrote, kept for the test.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func logger(secrets: [String] = [], into lines: Lines) -> Logger {
        var logger = Logger(label: "ferry.test") { label in
            RedactingLogHandler(JSONLogHandler(label: label, output: { lines.append($0) }), redactor: LogRedactor(secrets: secrets))
        }
        logger.logLevel = .trace
        return logger
    }

    static func parse(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil, "one line per event: \(line)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eachEventIsOneJSONObjectOnOneLineWithItsLevelLoggerMessageAndMetadata() throws {
        let lines = Lines()
        var logger = Self.logger(into: lines)
        logger[metadataKey: "run"] = "20261204T000000Z-abcd"
        logger.warning("retrying\nGraph request \"quoted\"", metadata: ["attempt": "2", "nested": ["a": ["1", "2"]]])
        Self.logger(into: lines).info("plain")
        let all = lines.all
        #expect(all.count == 2)
        let first = try Self.parse(all[0])
        #expect(first["level"] as? String == "warning")
        #expect(first["logger"] as? String == "ferry.test")
        #expect(first["message"] as? String == "retrying\nGraph request \"quoted\"")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["run"] as? String == "20261204T000000Z-abcd")
        #expect(metadata["attempt"] as? String == "2")
        #expect((metadata["nested"] as? [String: Any])?["a"] as? [String] == ["1", "2"])
        let time = try #require(first["time"] as? String)
        #expect(time.hasSuffix("Z") && time.contains("T") && time.contains("."), "UTC ISO 8601 with milliseconds: \(time)")
        let second = try Self.parse(all[1])
        #expect(second["metadata"] == nil, "no metadata, no key")
        // Keys sorted at every depth, slashes and non-ASCII as they are.
        #expect(all[0].hasPrefix(#"{"level":"warning","logger":"ferry.test","message":"retrying\nGraph request \"quoted\"","metadata":{"attempt":"2","nested":{"a":["1","2"]},"run":"#))
        Self.logger(into: lines).info("a/b é")
        #expect(lines.all[2].contains(#""message":"a/b é""#))
    }

    @Test func secretsTokensAndAddressesNeverReachALine() throws {
        let lines = Lines()
        let secret = "client-secret-\(UUID().uuidString)"
        let key = "pseudonym-key-\(UUID().uuidString)"
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJyb2xlcyI6WyJNYWlsLlJlYWQiXX0.c2lnbmF0dXJl"
        let logger = Self.logger(secrets: [secret, key], into: lines)
        logger.error(
            "Graph said: user Adele.Vance@contoso.onmicrosoft.com has no mailbox; secret \(secret)",
            metadata: [
                "url": "https://graph.microsoft.com/v1.0/users/adele%40contoso.com/messages",
                "header": "Authorization: Bearer \(token)", "key": ["nested": .array([.string(key)])],
            ])
        let line = try #require(lines.all.first)
        _ = try Self.parse(line)
        for leak in [secret, key, token, "Adele.Vance@contoso.onmicrosoft.com", "adele%40contoso.com", "eyJ"] {
            #expect(!line.contains(leak), "\(leak) reached the log: \(line)")
        }
        #expect(line.contains(LogRedactor.secretMark) && line.contains(LogRedactor.addressMark))
        #expect(line.contains("has no mailbox"), "the rest of the message stays: \(line)")
    }

    /// Addresses a person may have: a guest's UPN (which carries their own address), letters of any
    /// script, an address inside a URL; each goes whole.
    @Test(arguments: [
        "alice_gmail.com#EXT#@contoso.onmicrosoft.com", "jörg.müller@contoso.de", "bob@bücher.de", "o'brien+tag@sub.contoso.com",
        "/users/alice%40contoso.com/messages",
    ])
    func everyShapeOfAddressIsRedactedWhole(_ address: String) {
        let redacted = LogRedactor().redact("GET https://graph.microsoft.com/v1.0/users/\(address) failed")
        for part in ["alice", "gmail", "jörg", "müller", "bücher", "o'brien", "contoso.com/messages"] where address.contains(part) {
            #expect(!redacted.contains(part) || part == "contoso.com/messages" && redacted.contains("/messages"), "\(redacted)")
        }
        #expect(redacted.contains(LogRedactor.addressMark), "\(redacted)")
        #expect(redacted.hasPrefix("GET https://graph.microsoft.com/v1.0/users/") && redacted.hasSuffix(" failed"))
    }

    @Test func everyEventOfConcurrentTasksBecomesItsOwnWholeLine() async throws {
        let lines = Lines()
        let logger = Self.logger(into: lines)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for n in 0..<200 { logger.info("line", metadata: ["task": "\(task)", "n": "\(n)"]) }
                }
            }
        }
        let all = lines.all
        #expect(all.count == 1600)
        let seen = Set(try all.map { line in
            let metadata = try #require(try Self.parse(line)["metadata"] as? [String: String])
            return "\(metadata["task"]!)/\(metadata["n"]!)"
        })
        #expect(seen.count == 1600)
    }
}
