import Foundation
import Testing
@testable import GraphSimulator

@Suite("JSON, timestamps, filters and ids")
struct EncodingTests {
    @Test("the JSON writer escapes what JSON requires and round-trips through a real parser")
    func jsonEscaping() throws {
        let awkward = ["plain", "quote \" and backslash \\", "\"at both ends\\", "new\nline\r\ttab", "\u{01}\u{1F}", "Zoë 王 🚀", ""]
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("strings")
        writer.stringArray(awkward)
        writer.key("nothing")
        writer.null()
        writer.key("flag")
        writer.bool(false)
        writer.key("numbers")
        writer.beginArray()
        writer.int(0)
        writer.int(-42)
        writer.int(1_000_000)
        writer.endArray()
        writer.key("key \"quoted\"")
        writer.beginObject()
        writer.endObject()
        writer.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(parsed["strings"] as? [String] == awkward)
        #expect(parsed["nothing"] is NSNull)
        #expect(parsed["flag"] as? Bool == false)
        #expect(parsed["numbers"] as? [Int] == [0, -42, 1_000_000])
        #expect(parsed["key \"quoted\""] is [String: Any])
    }

    @Test("timestamps format like Graph and agree with ISO8601DateFormatter", arguments: [
        Int64(0), 951_782_400, 1_795_219_200, 1_795_305_599, 4_102_444_800, -86_401,
    ])
    func timestamps(seconds: Int64) throws {
        let text = GraphTimestamp.string(epochSeconds: seconds)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(text == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        #expect(GraphTimestamp.parse(text) == Double(seconds))
    }

    @Test("DateTimeOffset literals with fractions and offsets parse; malformed ones do not")
    func timestampParsing() {
        #expect(GraphTimestamp.parse("2026-11-21T09:30:12Z") == 1_795_253_412)
        #expect(GraphTimestamp.parse("2026-11-21T09:30:12.250Z") == 1_795_253_412.25)
        #expect(GraphTimestamp.parse("2026-11-21T10:30:12+01:00") == 1_795_253_412)
        #expect(GraphTimestamp.parse("2026-11-21T09:30Z") == 1_795_253_400)
        for bad in ["2026-11-21", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21T09:30:12", "'2026-11-21T09:30:12Z'",
                    "2026-11-21T25:00:00Z", "2026-11-21T09:30:12Zjunk"] {
            #expect(GraphTimestamp.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("date filters become a half-open window of whole seconds; other filters are tested item by item")
    func filters() throws {
        let parser = MessageDraft.filterParser
        let both = try parser.parse("receivedDateTime ge 2026-11-20T00:00:00Z and receivedDateTime lt 2026-11-21T00:00:00Z")
        #expect(both.window(on: "receiveddatetime") == FilterWindow(lower: 1_795_132_800, upper: 1_795_219_200))
        let exclusive = try parser.parse("ReceivedDateTime GT 2026-11-20T00:00:00.5Z and receivedDateTime le 2026-11-21T00:00:00Z")
        #expect(exclusive.window(on: "receiveddatetime") == FilterWindow(lower: 1_795_132_801, upper: 1_795_219_201))
        #expect(try parser.parse("receivedDateTime lt 2026-11-21T00:00:00Z").window(on: "receiveddatetime")
            == FilterWindow(upper: 1_795_219_200))
        let mixed = try parser.parse("receivedDateTime ge 2026-11-20T00:00:00Z and (isRead eq false or importance eq 'high')")
        #expect(mixed.window(on: "receiveddatetime") == FilterWindow(lower: 1_795_132_800, isWholeFilter: false))
        #expect(try parser.parse("receivedDateTime ge 2026-11-20T00:00:00Z or isRead eq true").window(on: "receiveddatetime")
            == FilterWindow(isWholeFilter: false))

        let users = try UserProperty.filterParser.parse(
            "startswith(displayName,'Ad') and (userType eq 'Member' or mail eq null) and accountEnabled eq true")
        func user(_ values: [String: FilterValue]) -> (String) -> FilterValue { { values[$0] ?? .string(nil) } }
        #expect(users.matches(user(["displayname": .string("Adele"), "usertype": .string("member"), "accountenabled": .bool(true)])))
        #expect(users.matches(user(["displayname": .string("adam"), "usertype": .string("Guest"), "accountenabled": .bool(true)])))
        #expect(!users.matches(user(["displayname": .string("Adele"), "usertype": .string("Guest"), "mail": .string("a@b"),
                                     "accountenabled": .bool(true)])))
        #expect(!users.matches(user(["displayname": .string("Bea"), "usertype": .string("Member"), "accountenabled": .bool(true)])))
        let quoted = try UserProperty.filterParser.parse("displayName eq 'O''Brien, \"Pat\"'")
        #expect(quoted == .compare(property: "displayname", .eq, .string("O'Brien, \"Pat\"")))

        for bad in ["", "receivedDateTime", "receivedDateTime eq '2026-11-21T00:00:00Z'", "shoeSize ge 2026-11-21T00:00:00Z",
                    "receivedDateTime ge 2026-11-21T00:00:00Z and", "receivedDateTime ge 2026-11-21T00:00:00Z andalso x y z",
                    "subject eq 'unclosed", "(isRead eq true", "not isRead eq true", "contains(subject,'x')",
                    "isRead eq 'yes'", "startswith(receivedDateTime,'2026')"] {
            #expect(throws: GraphError.self, "\(bad)") { try parser.parse(bad) }
        }
    }

    @Test("base64 in both alphabets round-trips, and users' skip tokens reject tampering")
    func base64AndSkipTokens() throws {
        var random = SplitMix64(seed: 9)
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(Base64Text.decode(Base64Text.string(bytes, alphabet: .standard)) == bytes)
            #expect(Base64Text.decode(Base64Text.string(bytes, alphabet: .urlSafe)) == bytes)
            #expect(Base64Text.string(bytes, alphabet: .standard) == Data(bytes).base64EncodedString())
        }
        let token = UserSkipToken.encode(300, seed: 1)
        #expect(token.hasPrefix("RFNwdAIA"))
        #expect(UserSkipToken.decode(token, seed: 1) == 300)
        #expect(UserSkipToken.decode(token, seed: 2) == nil)
        #expect(UserSkipToken.decode(UserSkipToken.encode(301, seed: 2), seed: 1) == nil)
    }

    @Test("id templates append words as their big-endian bytes; percent-encoding in place equals encoding a copy")
    func templateWordsAndInPlaceEncoding() {
        var random = SplitMix64(seed: 11)
        for prefixLength in 20..<26 {
            let prefix = (0..<prefixLength).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            for alphabet in [Base64Text.Alphabet.standard, .urlSafe] {
                let template = Base64Template(prefix: prefix, alphabet: alphabet)
                let (high, low) = (random.next(), random.next())
                for count in 1...8 {
                    var appended: [UInt8] = []
                    template.append(last: count, of: low, to: &appended)
                    #expect(String(decoding: appended, as: UTF8.self)
                        == template.string(suffix: Array(SimulatedMailbox.bytes(of: low).suffix(count))))
                }
                var appended: [UInt8] = []
                template.append(words: high, low, to: &appended)
                #expect(String(decoding: appended, as: UTF8.self) == template.string(suffix: SimulatedMailbox.bytes(of: high, low)))
            }
        }
        for text in ["AAMkAGI2-_x", "AAMkAGI2=", "a=b&c d", "ünï", ""] {
            var output = Array("prefix".utf8) + Array(text.utf8)
            PercentEncoding.encodeQueryValue(inPlace: &output, from: 6)
            #expect(String(decoding: output, as: UTF8.self) == "prefix" + PercentEncoding.encodeQueryValue(text))
        }
    }

    @Test("SipHash-2-4 matches the reference test vector")
    func sipHashVector() {
        // Key 00..0f, message 00..0e: the reference implementation's vector for 15 bytes.
        let hash = SipHash(key0: 0x0706_0504_0302_0100, key1: 0x0F0E_0D0C_0B0A_0908)
        #expect(hash.tag((0..<15).map { UInt8($0) }) == 0xA129_CA61_49BE_45E5)
        #expect(hash.tag([UInt8]()) == 0x726F_DB47_DD0E_0E31)
    }

    @Test("percent-decoding handles escapes, plus signs and malformed input")
    func percentEncoding() {
        #expect(PercentEncoding.decode("a%20b+c", plusIsSpace: true) == "a b c")
        #expect(PercentEncoding.decode("a+b", plusIsSpace: false) == "a+b")
        #expect(PercentEncoding.decode("%E7%8E%8B", plusIsSpace: false) == "王")
        #expect(PercentEncoding.decode("%zz", plusIsSpace: false) == nil)
        #expect(PercentEncoding.decode("%FF", plusIsSpace: false) == nil)
        let value = "receivedDateTime ge 2026-11-21T10:30:12+01:00"
        #expect(PercentEncoding.decode(PercentEncoding.encodeQueryValue(value), plusIsSpace: true) == value)
    }
}
