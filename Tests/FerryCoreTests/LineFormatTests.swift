import Foundation
import Testing

@testable import FerryCore

@Suite struct LineFormatTests {
    let values: [JSONValue] = [
        .string("a,b \"quoted\"\nnext line"), .null, .number(3), .bool(true), .string(""),
        .array([.object([("address", .string("x@y"))])]), .string("Zoë 中文 😀"),
    ]
    let columns = ["text", "missing", "count", "flag", "empty", "nested", "unicode"]

    @Test func jsonLinesAreOneValidObjectPerLine() throws {
        var out: [UInt8] = []
        let encoder = LineFormat(.jsonl, columns: columns)
        encoder.encode(values, into: &out)
        encoder.encode(values, into: &out)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["text"] as? String == "a,b \"quoted\"\nnext line")
        #expect(object["missing"] is NSNull)
        #expect(object["count"] as? Int == 3)
        #expect(object["unicode"] as? String == "Zoë 中文 😀")
        #expect(String(lines[0]).hasPrefix(#"{"text":"#))
        #expect(encoder.fileHeader == nil && encoder.fileExtension == "jsonl")
    }

    @Test func csvFollowsRFC4180() {
        var out: [UInt8] = []
        let encoder = LineFormat(.csv, columns: columns)
        encoder.encode(values, into: &out)
        #expect(String(decoding: encoder.fileHeader ?? [], as: UTF8.self) == "text,missing,count,flag,empty,nested,unicode\r\n")
        #expect(
            String(decoding: out, as: UTF8.self)
                == "\"a,b \"\"quoted\"\"\nnext line\",,3,true,\"\",\"[{\"\"address\"\":\"\"x@y\"\"}]\",Zoë 中文 😀\r\n")
    }

    /// A JSON value written by any writer (escaped differently, copied from a page) becomes the same
    /// CSV field as the value itself: the field depends on the value, not on its spelling.
    @Test func csvFieldsDependOnTheValueNotItsSpelling() {
        let format = LineFormat(.csv, columns: ["a"])
        for (spelling, field) in [
            (#""caf\u00e9, \"x\"""#, #""café, ""x""""#), (#""plain""#, "plain"), (#""""#, #""""#), ("null", ""),
            ("12.5", "12.5"), ("false", "false"), (#"["a","b"]"#, #""[""a"",""b""]""#), (#"" lead""#, #"" lead""#),
        ] {
            var out: [UInt8] = Array("x,".utf8)
            let start = out.count
            out += Array(spelling.utf8)
            format.finishField(from: start, in: &out)
            #expect(String(decoding: out, as: UTF8.self) == "x," + field, "\(spelling)")
        }
    }

    @Test func extraColumnsFollowTheOthers() {
        let format = LineFormat(.jsonl, columns: ["id"]).adding(columns: ["_change"])
        var out: [UInt8] = []
        format.encode([.string("1"), .string("deleted")], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"id":"1","_change":"deleted"}"# + "\n")
        var empty: [UInt8] = []
        LineFormat(.jsonl, columns: []).encode([], into: &empty)
        #expect(String(decoding: empty, as: UTF8.self) == "{}\n")
    }
}
