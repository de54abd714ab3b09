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

    @Test func answersAreMatchedByIdWithTheirOwnStatusHeadersAndBody() throws {
        let answers = BatchResponseBody.answers(in: Self.answer)
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

    @Test func anAnswerCutShortKeepsTheItemsThatArrivedWhole() throws {
        let whole = BatchResponseBody.answers(in: Self.answer)
        let text = String(decoding: Self.answer, as: UTF8.self)
        let third = try #require(text.range(of: #"{"id":"3""#)).lowerBound.utf16Offset(in: text)
        let end = try #require(text.range(of: #""status":204}"#)).upperBound.utf16Offset(in: text)
        for length in 0...Self.answer.count {
            let answers = BatchResponseBody.answers(in: Array(Self.answer.prefix(length)))
            // Never an item that did not arrive whole, never a changed one.
            for (id, response) in answers {
                #expect(whole[id]?.status == response.status)
                #expect(whole[id]?.body == response.body)
            }
            if length < 100 { #expect(answers.isEmpty) }
            if length < end { #expect(answers.count < 3) } else { #expect(answers.count == 3) }
        }
        #expect(BatchResponseBody.answers(in: Array(Self.answer.prefix(third))).keys.sorted() == ["1", "2"])
    }

    @Test func garbageYieldsNothing() {
        for text in ["", "null", "[]", #"{"responses":{}}"#, #"{"responses":[1,2]}"#, #"{"responses":[{"id":"1"}]}"#,
                     #"{"responses":[{"id":"1","status":"200"}]}"#, #"{"responses":[{"id":"1","status":99}]}"#] {
            #expect(BatchResponseBody.answers(in: Array(text.utf8)).isEmpty, "\(text)")
        }
    }
}
