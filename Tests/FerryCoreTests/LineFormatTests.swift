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

    /// Fields already in their final spelling are finished where they stand; the result is the bytes
    /// that decoding and writing again give, for plain and escaped strings, compact and spaced objects,
    /// and every kind of number.
    @Test func csvFieldsFinishedInPlaceEqualTheRewrittenOnes() throws {
        let texts = [
            #""plain""#, #""""#, #"" lead""#, #""a,b""#, #""Zoë 中文""#, #""esc\"aped""#, #""tab\tin""#, #""\u00e9""#,
            #"{"emailAddress":{"name":"Ann Lee","address":"a@b.c"}}"#, #"[{"address":"x@y"},{"address":"z@w"}]"#,
            #"{ "spaced" : [1, 2] }"#, #"{"n":1.50}"#, #"{"n":-0}"#, #"{"n":1e3}"#, #"[0,-12,123456789012345]"#,
            #"[1234567890123456]"#, #"{"s":"with \"quote\""}"#, #"[]"#, #"{}"#, #"[true,false,null]"#, #"["a"]"#,
        ]
        for text in texts {
            let prefix = Array("x,".utf8)
            var fast = prefix + Array(text.utf8)
            LineFormat.csvField(from: prefix.count, in: &fast)
            var expected = prefix
            switch try JSONScanner.parse(Array(text.utf8), 0..<text.utf8.count) {
            case .string(let decoded):
                LineFormat.appendCSVField(Array(decoded.utf8)[...], quoteEmpty: true, to: &expected)
            case let value:
                var json: [UInt8] = []
                JSONWriter.write(value, into: &json)
                LineFormat.appendCSVField(json[...], quoteEmpty: false, to: &expected)
            }
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(text)")
        }
        #expect(LineFormat.isCompact(Array(#"{"a":[1,"b"]}"#.utf8), from: 0))
        #expect(!LineFormat.isCompact(Array(#"{"a": 1}"#.utf8), from: 0))
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
