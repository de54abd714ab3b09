import Testing

@testable import FerryCore

/// A Graph message page shaped like the real thing: annotations, escapes, non-ASCII text, nesting.
let messagePage: [UInt8] = {
    var text = #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('a%40b')/messages","value":["#
    for index in 0..<12 {
        if index > 0 { text += "," }
        text += """
            {"@odata.etag":"W/\\"CQAAABYAAAD\(index)\\"","id":"AAMkAD\(index)=","receivedDateTime":"2026-11-\(10 + index)T09:3\(index % 6):00Z",\
            "subject":"Re: \\"Q\(index)\\" caf\\u00e9 \\/ naïve \\ud83d\\ude00","hasAttachments":\(index % 2 == 0),"size":\(index * 1000 + 17),\
            "weight":-\(index).25e-1,"body":{"contentType":"html","content":"<p>Line\\nTwo\\t\\\\</p>"},\
            "from":{"emailAddress":{"name":"Zoë \(index)","address":"zoe\(index)@contoso.example"}},\
            "toRecipients":[{"emailAddress":{"name":"A","address":"a@b.c"}},{"emailAddress":{"name":"B","address":"b@b.c"}}],\
            "categories":[],"flag":{"flagStatus":"notFlagged"},"n":null}
            """
    }
    text += #"],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users/x/messages?$skip=12"}"#
    return Array(text.utf8)
}()

/// The outcome of parsing, as comparable values: the document or the error.
private func parseOutcome(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
    Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes) }
}

private func scanOutcome(_ bytes: [UInt8]) -> Result<JSONPageScan, JSONParseError> {
    Result { () throws(JSONParseError) -> JSONPageScan in try JSONPageScan.scan(bytes) }
}

/// Expects the scan to agree with the parser: the same error at the same offset, or the same document.
private func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    switch (parseOutcome(bytes), scanOutcome(bytes)) {
    case (.failure(let parseError), .failure(let scanError)):
        #expect(parseError == scanError, sourceLocation: sourceLocation)
    case (.success(let value), .success(let scan)):
        expectScan(scan, of: bytes, describes: value, sourceLocation: sourceLocation)
    case (let parsed, let scanned):
        Issue.record("parser: \(parsed), scan: \(scanned)", sourceLocation: sourceLocation)
    }
}

/// Expects `scan` to describe `value`: the items of its first "value" member, and every other member.
private func expectScan(
    _ scan: JSONPageScan, of bytes: [UInt8], describes value: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .object(var members) = value else {
        #expect(scan.items == nil && scan.members.isEmpty, sourceLocation: sourceLocation)
        return
    }
    if let position = members.firstIndex(where: { $0.key == "value" }), case .array(let elements) = members[position].value {
        members.remove(at: position)
        let items = scan.items?.map { try? JSONParser.parse(Array(bytes[$0])) }
        #expect(items == elements.map { Optional($0) }, sourceLocation: sourceLocation)
    } else {
        #expect(scan.items == nil, sourceLocation: sourceLocation)
    }
    #expect(JSONValue.object(scan.members) == .object(members), sourceLocation: sourceLocation)
}

@Suite struct JSONPageScanTests {
    @Test func findsItemsAndMembersOfAPage() throws {
        let scan = try JSONPageScan.scan(messagePage)
        let parsed = try JSONParser.parse(messagePage)
        guard case .array(let expected)? = parsed["value"] else {
            Issue.record("the page has no value array")
            return
        }
        let items = try #require(scan.items)
        #expect(items.count == 12)
        for (range, item) in zip(items, expected) {
            #expect(messagePage[range.lowerBound] == UInt8(ascii: "{"))
            #expect(messagePage[range.upperBound - 1] == UInt8(ascii: "}"))
            #expect(try JSONParser.parse(Array(messagePage[range])) == item)
        }
        #expect(scan.members.map(\.key) == ["@odata.context", "@odata.nextLink"])
        // The members found while checking are the ones the scanner finds walking each item afterwards.
        let itemFields = try #require(scan.itemFields)
        for (range, fields) in zip(items, itemFields) {
            var walked: [JSONMember] = []
            #expect(JSONScanner.members(of: messagePage, object: range, into: &walked))
            let recorded = Array(scan.fields[fields])
            #expect(recorded.map(\.key) == walked.map(\.key))
            #expect(recorded.map(\.value) == walked.map(\.value))
            #expect(recorded.map(\.first) == walked.map(\.first))
            #expect(recorded.map(\.keyHasEscapes) == walked.map(\.keyHasEscapes))
            let subject = try #require(recorded.first { String(decoding: messagePage[$0.key], as: UTF8.self) == "subject" })
            #expect(subject.traits.contains(.escapes) && subject.traits.contains(.nonASCII))
            let identifier = try #require(recorded.first { String(decoding: messagePage[$0.key], as: UTF8.self) == "id" })
            #expect(identifier.traits.isEmpty)
        }
        #expect(scan["@odata.nextLink"] == parsed["@odata.nextLink"])
        #expect(scan["value"] == nil)
    }

    @Test func readsEmptyAndOddPages() throws {
        #expect(try JSONPageScan.scan(Array(#"{"value":[]}"#.utf8)).items == [])
        let spaced = try JSONPageScan.scan(Array(" {\n \"value\" : [ 1 , {\"a\" : [\n] } ] , \"x\":{}\n}\t".utf8))
        #expect(spaced.items?.count == 2)
        #expect(spaced.itemFields.map { $0.map(\.count) } == [0, 1])
        #expect(spaced.fields.first?.traits.contains(.lineBreaks) == true)
        #expect(spaced["x"] == .object([]))
        #expect(try JSONPageScan.scan(Array("{}".utf8)).items == nil)
        let array = try JSONPageScan.scan(Array("[1,2]".utf8))
        #expect(array.items == nil && array.members.isEmpty)
        let notArray = try JSONPageScan.scan(Array(#"{"value":{"a":1},"value":[1]}"#.utf8))
        #expect(notArray.items == nil, "the first value member decides, as JSONValue[\"value\"] does")
        #expect(notArray.members.map(\.key) == ["value", "value"])
        let escapedBody = Array(#"{"\u0076alue":["a"],"k\"ey":"v"}"#.utf8)
        let escapedKey = try JSONPageScan.scan(escapedBody)
        #expect(escapedKey.items.map { $0.map { String(decoding: escapedBody[$0], as: UTF8.self) } } == [#""a""#])
        #expect(escapedKey["k\"ey"] == .string("v"))
        let nested = Array(#"{"value":[{"a":"]},{[\"","b":[[[]]]},"}\\"]}"#.utf8)
        let ranges = try #require(try JSONPageScan.scan(nested).items)
        #expect(ranges.map { String(decoding: nested[$0], as: UTF8.self) } == [#"{"a":"]},{[\"","b":[[[]]]}"#, #""}\\""#])
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "[1] x", "{\"a\":\u{01}}", "-", "[\"\\x\"]",
        "{\"value\":[1,]}", "{\"value\":[{\"a\":1}", "{\"value\":[\"a\u{02}b\"]}", "{\"value\":[\"a\\\"b\u{02}\"]}",
        "{\"value\":[\"\\u12\"]}", "{\"value\":[\"\\u12G4\"]}", "{\"value\":[\"\\ud800\\uZZZZ\"]}", "{\"value\":[\"\\ud800\\u\"]}",
        "{\"value\":[\"\\", "{\"value\":[nul]}", "{\"value\":[falsy]}", "{\"value\":[1.2.3]}", "{\"value\":[1e]}",
        "{\"value\":[--1]}", "{\"value\":[12345678901234567890-]}", "{\"value\":[+1]}", "{\"value\":[.5]}",
        "{\"value\":[]}}", "{\"value\":[]},", "{\"a\":1,}", "{,}", "{\"a\":}", "{1:2}", "[\"a\"\"b\"]", "{\"a\":1 \"b\":2}",
        "\u{FEFF}{}", "{\"value\":[\"é\u{7F}\"]} x",
    ])
    func failsWhereTheParserFails(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONPageScan.scan(Array(text.utf8)) }
        expectAgreement(Array(text.utf8))
    }

    @Test func acceptsWhatTheParserAccepts() {
        for text in [
            "0", "-0", "01", "1E+2", "[1.5e-3,-0.0]", "\"\\ud800\"", "{\"value\":[\"\\ud83d\\ude00\"]}", " null ",
            // The page's own members in other spellings: an escaped key, white space everywhere, a repeated "value".
            "{\"v\\u0061lue\":[{\"id\":1}],\"@odata.nextLink\":\"x\"}", " \t{ \"value\" :\r\n[ {\"id\" : 1 } ,2 ] , \"@odata.next\\u004cink\" : \"x\" }\n",
            "{\"value\":[1],\"value\":[2,3]}", "{\"value\":{\"id\":1}}", "{\"value\":null,\"@odata.deltaLink\":\"d\"}",
        ] {
            expectAgreement(Array(text.utf8))
        }
    }

    @Test func refusesDeepNestingLikeTheParser() {
        for depth in [510, 511, 512, 513, 1000] {
            let text = "{\"value\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
            expectAgreement(Array(text.utf8))
        }
    }

    @Test func everyTruncationOfAPageFailsWhereTheParserFails() {
        for length in 0..<messagePage.count {
            let cut = Array(messagePage[..<length])
            #expect(throws: JSONParseError.self) { try JSONPageScan.scan(cut) }
            expectAgreement(cut)
        }
    }

    /// A `$batch` answer's item bodies are scanned where they lie, followed by the rest of the answer.
    @Test func aPageAtTheStartOfMoreBytesScansAsThePageAlone() throws {
        let pages = [messagePage, Array(#"{"value":[]}"#.utf8), Array(#"{"error":{"code":"x"}}"#.utf8),
                     Array("{\n \"value\" : [ 1 , {\"a\" : [\n] } ] , \"x\":{}\n}".utf8), Array("{}".utf8)]
        for page in pages {
            let whole = try JSONPageScan.scan(page)
            for after in ["", "}", ",{\"id\":\"2\"}]}", " \n]", "garbage \u{01}"] {
                let bytes = page + Array(after.utf8)
                let prefixed = try #require(bytes.withUnsafeBytes { JSONPageScan.scan(prefixOf: $0) })
                #expect(prefixed.end == page.count)
                #expect(prefixed.scan.items == whole.items)
                #expect(JSONValue.object(prefixed.scan.members) == .object(whole.members))
                #expect(prefixed.scan.itemFields == whole.itemFields)
                #expect(prefixed.scan.fields.map(\.key) == whole.fields.map(\.key))
                #expect(prefixed.scan.fields.map(\.value) == whole.fields.map(\.value))
                #expect(prefixed.scan.fields.map(\.traits) == whole.fields.map(\.traits))
            }
        }
        // Whatever the whole scan refuses, and whatever is not an object where it starts, is nil.
        for length in 0..<messagePage.count {
            #expect(Array(messagePage[..<length]).withUnsafeBytes { JSONPageScan.scan(prefixOf: $0) } == nil)
        }
        for text in [" {}", "[1]", "\"a\"", "{\"value\":[1,]}", "{\"a\":\u{01}}"] {
            #expect(Array(text.utf8).withUnsafeBytes { JSONPageScan.scan(prefixOf: $0) } == nil, "\(text)")
        }
    }

    @Test func corruptedPagesFailWhereTheParserFails() {
        // Deterministic corruption: every byte a JSON reader treats specially, at many places.
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        let replacements = Array("\"\\{}[],:-+.eE0tfnu \n\u{01}x".utf8) + [0xC3, 0xFF]
        for _ in 0..<3000 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = messagePage
            let position = Int(random >> 33) % bytes.count
            bytes[position] = replacements[Int(random >> 20) % replacements.count]
            expectAgreement(bytes)
        }
    }
}

/// `member(_:ofItem:in:)` finds an item's member by its key: the last of repeated keys, as the projection
/// reads them, and a key written with escapes by its text.
@Suite struct JSONPageScanMemberTests {
    @Test func membersAreFoundByTheirBytes() throws {
        let page = Array(
            #"{"value":[{"id":"a","x":1},{"id":"first","id":"second"},{"i\u0064":"escaped"},{"idx":"no","d":"no"},{},{"x":[{"id":"deep"}],"id":5},{"id":"plain","\u0069\u0064":"later","i\u0064x":"no"}]}"#
                .utf8)
        let scan = try JSONPageScan.scan(page)
        func idText(_ item: Int) -> String? {
            scan.member("id", ofItem: item, in: page).map { String(decoding: page[$0.value], as: UTF8.self) }
        }
        #expect(idText(0) == #""a""#)
        #expect(idText(1) == #""second""#)
        #expect(idText(2) == #""escaped""#)
        #expect(idText(3) == nil)
        #expect(idText(4) == nil)
        #expect(idText(5) == "5")
        #expect(idText(6) == #""later""#)
        #expect(idText(7) == nil)  // no such item
        #expect(scan.string("id", ofItem: 1, in: page) == "second")
        #expect(scan.member("", ofItem: 0, in: page) == nil)
    }
}
