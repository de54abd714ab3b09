import Foundation
import Testing

@testable import FerryCore

@Suite struct JSONParserTests {
    @Test func parsesGraphShapes() throws {
        let text = #"{"@odata.nextLink":"https://x/v1.0/users?$skiptoken=a","value":[{"id":"1","n":-12.5e1,"b":true,"z":null,"a":[]}]}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["@odata.nextLink"] == .string("https://x/v1.0/users?$skiptoken=a"))
        let first = try #require(value["value"].flatMap { v -> JSONValue? in
            if case .array(let items) = v { return items.first }
            return nil
        })
        #expect(first["n"] == .number(-125))
        #expect(first["b"] == .bool(true))
        #expect(first["z"] == .null)
        #expect(first["a"] == .array([]))
        #expect(first["missing"] == nil)
    }

    @Test func decodesEscapesAndUnicode() throws {
        let text = #"["a\"b\\c\/d\n\t", "\u00e9\u4e2d", "\ud83d\ude00", "\ud83d", "Zoë 中文 😀"]"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value == .array([.string("a\"b\\c/d\n\t"), .string("é中"), .string("😀"), .string("\u{FFFD}"), .string("Zoë 中文 😀")]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "[1] x", "{\"a\":\u{01}}", "-", "[\"\\x\"]"])
    func rejectsMalformedDocuments(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsDeepNesting() {
        let text = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func writerRoundTripsThroughFoundation() throws {
        let value: JSONValue = .object([
            ("s", .string("quote \" backslash \\ newline \n control \u{01} é 😀")),
            ("i", .number(42)), ("d", .number(0.25)), ("big", .number(1e300)), ("n", .null),
            ("a", .array([.bool(false), .object([])])),
        ])
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        #expect(try JSONParser.parse(bytes) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(foundation?["s"] as? String == "quote \" backslash \\ newline \n control \u{01} é 😀")
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""i":42,"#))
    }

    @Test func pathsReachIntoArrays() throws {
        let value = try JSONParser.parse(Array(#"{"to":[{"e":{"a":"x@y"}},{"e":{"a":"z@y"}}]}"#.utf8))
        let path = try #require(JSONPath(parsing: "to[].e.a"))
        #expect(value.value(at: path) == .array([.string("x@y"), .string("z@y")]))
        #expect(path.description == "to[].e.a")
        #expect(JSONPath(parsing: "[].emailAddress.address")?.segments.first == .eachElement)
        #expect(JSONPath(parsing: "a..b") == nil)
        #expect(JSONPath(parsing: "") == nil)
    }
}
