import FerryCore
import Foundation
import Testing

@testable import FerryGraph

/// The `$batch` request body Ferry writes and the answers it reads back.
@Suite struct BatchBodyTests {
    static let answer = Array(
        #"""
        { "responses" : [
          {"id":"2","status":429,"headers":{"Retry-After":"1.5","Content-Type":"application/json"},
           "body":{"error":{"code":"ApplicationThrottled","message":"over \"limit\" [x]"}}},
          {"id":1,"status":200,"headers":{"Retry-After":3},"body":{"value":[{"id":"m}1"}],"@odata.nextLink":"https://x/y?$skip=1"}},
          {"id":"3","status":204}
        ] }
        """#.utf8)

    @Test func theRequestBodyIsGraphsFormat() throws {
        let body = BatchRequestBody.encode([
            .init(id: "1", url: "/users/a/messages?$top=5&$filter=subject eq 'x\"y'", headers: []),
            .init(id: "2", url: "/users?$count=true", headers: [("ConsistencyLevel", "eventual"), ("Prefer", "a")]),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let requests = try #require(object["requests"] as? [[String: Any]])
        #expect(requests.count == 2)
        #expect(requests[0]["id"] as? String == "1")
        #expect(requests[0]["method"] as? String == "GET")
        #expect(requests[0]["url"] as? String == "/users/a/messages?$top=5&$filter=subject eq 'x\"y'")
        #expect(requests[0]["headers"] == nil)
        #expect(requests[1]["headers"] as? [String: String] == ["ConsistencyLevel": "eventual", "Prefer": "a"])
    }

    @Test(arguments: [false, true])
    func answersAreMatchedByIdWithTheirOwnStatusHeadersAndBody(scanningPages: Bool) throws {
        let answers = BatchResponseBody.answers(in: Self.answer, scanningPages: scanningPages)
        #expect(answers.count == 3)
        let throttled = try #require(answers["2"])
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "1.5")
        #expect(GraphErrorBody.parse(throttled.body)?.code == "ApplicationThrottled")
        let page = try #require(answers["1"])
        #expect(page.status == 200)
        #expect(page.header("retry-after") == "3")
        #expect(try JSONParser.parse(page.body)["value"] == .array([.object([("id", .string("m}1"))])]))
        #expect(String(decoding: page.body, as: UTF8.self).hasPrefix(#"{"value":"#))
        #expect(answers["3"]?.status == 204)
        #expect(answers["3"]?.body.isEmpty == true)
    }

    @Test(arguments: [false, true])
    func anAnswerCutShortKeepsTheItemsThatArrivedWhole(scanningPages: Bool) throws {
        let whole = BatchResponseBody.answers(in: Self.answer, scanningPages: scanningPages)
        let text = String(decoding: Self.answer, as: UTF8.self)
        let third = try #require(text.range(of: #"{"id":"3""#)).lowerBound.utf16Offset(in: text)
        let end = try #require(text.range(of: #""status":204}"#)).upperBound.utf16Offset(in: text)
        for length in 0...Self.answer.count {
            let answers = BatchResponseBody.answers(in: Array(Self.answer.prefix(length)), scanningPages: scanningPages)
            // Never an item that did not arrive whole, never a changed one.
            for (id, response) in answers {
                #expect(whole[id]?.status == response.status)
                #expect(whole[id]?.body == response.body)
                #expect(whole[id]?.pageScan?.items == response.pageScan?.items)
            }
            if length < 100 { #expect(answers.isEmpty) }
            if length < end { #expect(answers.count < 3) } else { #expect(answers.count == 3) }
        }
        #expect(
            BatchResponseBody.answers(in: Array(Self.answer.prefix(third)), scanningPages: scanningPages).keys.sorted() == ["1", "2"])
    }

    /// Asked to, the walk scans each body that is a page as it passes it: the scan is the one the body
    /// alone gives, and a body that is no page (or not JSON an object starts) has none.
    @Test func scannedBodiesComeWithThePageScanTheirBytesGive() throws {
        let answer = Array(
            #"""
            {"responses":[
              {"id":"1","status":200,"body":{"value":[{"id":"a","n":[1,{"x":"}"}]},{"id":"b"}],"@odata.nextLink":"https://x/y"}},
              {"id":"2","status":200,"body":  {"value":[]} ,"headers":{}},
              {"body":{"value":[{"id":"first"}]},"id":"3","status":200,"body":[1,2]},
              {"id":"4","status":200,"body":"text"},
              {"id":"5","status":404,"body":{"error":{"code":"ErrorInvalidUser"}}},
              {"id":"6","status":200,"body":{"value":[{"id":"c"}]},"body":{"value":[{"id":"d"},{"id":"e"}]}}
            ]}
            """#.utf8)
        let plain = BatchResponseBody.answers(in: answer)
        let scanned = BatchResponseBody.answers(in: answer, scanningPages: true)
        #expect(plain.keys.sorted() == ["1", "2", "3", "4", "5", "6"])
        #expect(scanned.keys.sorted() == plain.keys.sorted())
        for (id, response) in scanned {
            let expected = try #require(plain[id])
            #expect(response.body == expected.body, "\(id)")
            #expect(response.status == expected.status)
            #expect(expected.pageScan == nil)
            if let scan = response.pageScan {
                let alone = try JSONPageScan.scan(response.body)
                #expect(scan.items == alone.items, "\(id)")
                #expect(JSONValue.object(scan.members) == .object(alone.members))
                #expect(scan.fields.map(\.value) == alone.fields.map(\.value))
            }
        }
        #expect(scanned["1"]?.pageScan?.items?.count == 2)
        #expect(scanned["2"]?.pageScan?.items == [])
        #expect(scanned["3"]?.pageScan == nil, "its last body, an array, is the one answered")
        #expect(scanned["4"]?.pageScan == nil)
        #expect(scanned["5"]?.pageScan?.items == nil)
        #expect(scanned["6"]?.pageScan?.items?.count == 2, "the last body, as `answer` takes it")
    }

    /// Keys are read as JSON reads them: with escapes (`"st\u0061tus"`), the answer is the same.
    @Test(arguments: [false, true])
    func keysWithEscapesReadAsTheirText(scanningPages: Bool) throws {
        var text = String(decoding: Self.answer, as: UTF8.self)
        for (key, escaped) in [
            ("responses", #"r\u0065sponses"#), ("id", #"\u0069d"#), ("status", #"st\u0061tus"#), ("headers", #"h\u0065aders"#),
            ("body", #"b\u006Fdy"#),
        ] {
            text = text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(escaped)\":")
        }
        #expect(!text.contains(#""status":"#))
        let plain = BatchResponseBody.answers(in: Self.answer, scanningPages: scanningPages)
        let escaped = BatchResponseBody.answers(in: Array(text.utf8), scanningPages: scanningPages)
        #expect(escaped.keys.sorted() == ["1", "2", "3"])
        for (id, response) in plain {
            let other = try #require(escaped[id])
            #expect(other.status == response.status)
            #expect(other.header("retry-after") == response.header("retry-after"))
            // The page's own "id" is escaped too: the same value, other bytes.
            #expect(try other.body.isEmpty || JSONParser.parse(other.body) == JSONParser.parse(response.body))
            #expect(other.pageScan?.items?.count == response.pageScan?.items?.count)
        }
        #expect(escaped["1"]?.pageScan?.items?.count == (scanningPages ? 1 : nil))
    }

    @Test func garbageYieldsNothing() {
        for text in ["", "null", "[]", #"{"responses":{}}"#, #"{"responses":[1,2]}"#, #"{"responses":[{"id":"1"}]}"#,
                     #"{"responses":[{"id":"1","status":"200"}]}"#, #"{"responses":[{"id":"1","status":99}]}"#] {
            #expect(BatchResponseBody.answers(in: Array(text.utf8)).isEmpty, "\(text)")
        }
    }
}
