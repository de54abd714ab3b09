import FerryCore
import FerryTestSupport
import Testing
@testable import FerryAnalyze

/// The single-pass mail row reader finds the same mail as reading the parsed record does, whatever the
/// spacing, key order, escapes and shapes of the addresses; and a line that is not one object is refused.
@Suite struct MailRowScanTests {
    private static let known = ["ann@contoso.com", "bob@contoso.com", "cy@contoso.com"]

    private static func directory() -> DirectoryIndex {
        var directory = DirectoryIndex()
        for (index, address) in known.enumerated() { directory.personByAddress.set(KeyHash.hash(address), Int32(index)) }
        directory.domains.insert(KeyHash.hash("contoso.com"), 0)
        return directory
    }

    /// An address value in one of several shapes, some of which carry no usable address.
    private static func addressValue(_ random: inout SeededGenerator, space: String) -> String {
        let addresses = known + ["ext@fabrikam.com", "DAN@Contoso.com", "e\\u0040contoso.com", ""]
        let address = addresses[Int(random.next() % UInt64(addresses.count))]
        switch random.next() % 7 {
        case 0: return "{\"address\":\(space)\"\(address)\"}"
        case 1: return "null"
        case 2: return "{\"emailAddress\":{\"name\":\"N\\\"q\",\(space)\"address\":\"\(address)\"},\"extra\":[1,{\"a\":2}]}"
        case 3: return "{\"emailAddress\":\"\(address)\"}"
        default: return "{ \"emailAddress\" :\(space){\"name\":\"x\",\"address\":\"\(address)\"}\(space)}"
        }
    }

    private static func row(_ random: inout SeededGenerator) -> String {
        let space = random.next() % 3 == 0 ? " \t" : ""
        func recipients() -> String {
            if random.next() % 9 == 0 { return "\"not a list\"" }
            let count = Int(random.next() % 4)
            return "[" + (0..<count).map { _ in addressValue(&random, space: space) }.joined(separator: ",\(space)") + "]"
        }
        var members = [
            "\"puser\":\"u\(random.next() % 5)\"", "\"id\":\"AAM\(random.next() % 1000)\"",
            "\"subject\":\"re: {not} [json] \\\"quoted\\\"\"", "\"categories\":[\"a\",[]]", "\"flag\":{\"flagStatus\":\"notFlagged\"}",
        ]
        if random.next() % 5 != 0 { members.append("\"sentDateTime\":\"2026-11-0\(1 + random.next() % 8)T10:00:0\(random.next() % 10)Z\"") }
        if random.next() % 3 != 0 { members.append("\"receivedDateTime\":\"2026-11-02T11:00:00Z\"") }
        if random.next() % 6 != 0 { members.append("\"internetMessageId\":\"<m\(random.next() % 50)@x>\"") }
        if random.next() % 4 != 0 { members.append("\"from\":\(space)" + addressValue(&random, space: space)) }
        if random.next() % 2 == 0 { members.append("\"sender\":" + addressValue(&random, space: space)) }
        members.append("\"toRecipients\":" + recipients())
        if random.next() % 2 == 0 { members.append("\"ccRecipients\":" + recipients()) }
        if random.next() % 4 == 0 { members.append("\"bccRecipients\":" + recipients()) }
        members.shuffle(using: &random)
        return "{\(space)" + members.joined(separator: ",\(space)") + "\(space)}"
    }

    @Test func theSinglePassReadsWhatTheParsedRecordSays() throws {
        var random = SeededGenerator(seed: 5)
        let lines = (0..<3_000).map { _ in Self.row(&random) }
        let directory = Self.directory()

        var scanned = RawEvents()
        var scanner = JSONLEventScanner(path: "test.jsonl", directory: directory)
        var chunk = Array((lines.joined(separator: "\n") + "\n").utf8)
        try scanner.scan(&chunk, count: chunk.count, calendar: false, into: &scanned)

        var parsed = RawEvents()
        let reader = RecordEventReader(directory: directory)
        for line in lines { reader.add(ExportRecord(try JSONParser.parse(Array(line.utf8))), calendar: false, to: &parsed) }

        #expect(scanned.rows == 3_000)
        #expect(scanned.skipped == parsed.skipped)
        #expect(scanned.skipped > 100 && scanned.skipped < 2_900, "the rows should mix kept and skipped mail: \(scanned.skipped) skipped")
        try #require(scanned.mails.count == parsed.mails.count)
        var withRecipients = 0
        for (a, b) in zip(scanned.mails, parsed.mails) {
            #expect(a.sent == b.sent && a.sender == b.sender && a.toCount == b.toCount && a.ccCount == b.ccCount)
            let first = Int(a.recipientStart), second = Int(b.recipientStart), count = Int(a.toCount + a.ccCount)
            #expect(Array(scanned.recipients[first..<first + count]) == Array(parsed.recipients[second..<second + count]))
            if count > 0 { withRecipients += 1 }
        }
        #expect(withRecipients > 500)
    }

    @Test func aLineThatIsNotOneObjectIsRefusedWithItsNumber() throws {
        for damaged in ["{\"from\":{\"address\":\"ann@contoso.com\"}", "{\"a\":1} {\"b\":2}", "{\"toRecipients\":[{\"address\":\"x\"},]}", "[1,2]"] {
            var raw = RawEvents()
            var scanner = JSONLEventScanner(path: "bad.jsonl", directory: Self.directory())
            var chunk = Array("{\"puser\":\"u\"}\n\(damaged)\n".utf8)
            #expect(throws: AnalyzeError.self, "\(damaged)") { try scanner.scan(&chunk, count: chunk.count, calendar: false, into: &raw) }
        }
    }
}
