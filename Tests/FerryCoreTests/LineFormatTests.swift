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

    /// The same for thousands of random values, each written compactly by `JSONWriter` and spelled again
    /// with spaces and escapes the way a page may spell it: every path of `csvField` against decoding and
    /// writing again.
    @Test func csvFieldsOfRandomValuesEqualTheRewrittenOnes() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pieces = ["a", "Z", " ", ",", "\"", "\\", "\n", "\r", "\t", "é", "中", "😀", "0", "e", "-", "\u{7F}", ":", "{", "]"]
        // Short texts, and long ones that mostly read eight bytes at a time with the odd piece that stops that.
        func text() -> String {
            guard next(3) == 0 else { return (0..<next(7)).map { _ in pieces[next(pieces.count)] }.joined() }
            return (0..<next(60)).map { _ in next(8) == 0 ? pieces[next(pieces.count)] : "abcdefgh" }.joined()
        }
        func value(_ depth: Int) -> JSONValue {
            switch next(depth > 2 ? 4 : 6) {
            case 0: return .string(text())
            case 1: return [.number(Double(next(2_000_001) - 1_000_000)), .number(Double(next(2001) - 1000) / 8), .number(-0.0),
                            .number(1e20), .number(1234567890123456)][next(5)]
            case 2: return .bool(next(2) == 0)
            case 3: return .null
            case 4: return .array((0..<next(4)).map { _ in value(depth + 1) })
            default: return .object((0..<next(4)).map { _ in (text(), value(depth + 1)) })
            }
        }
        /// `JSONWriter`'s text with a space after every comma and colon outside strings, and every `a` in
        /// a string escaped as `\u0061`.
        func respelled(_ compact: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            var inString = false
            var escaping = false
            var hexDigits = 0  // of a \u escape, still to copy
            for byte in compact {
                if inString {
                    if hexDigits > 0 {
                        hexDigits -= 1
                    } else if escaping {
                        escaping = false
                        if byte == UInt8(ascii: "u") { hexDigits = 4 }
                    } else if byte == UInt8(ascii: "\\") {
                        escaping = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    } else if byte == UInt8(ascii: "a") {
                        out.append(contentsOf: Array(#"\u0061"#.utf8))
                        continue
                    }
                    out.append(byte)
                    continue
                }
                out.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ":") { out.append(UInt8(ascii: " ")) }
            }
            return out
        }
        for _ in 0..<5_000 {
            let generated = value(0)
            if case .null = generated { continue }
            var compact: [UInt8] = []
            JSONWriter.write(generated, into: &compact)
            var expected = Array("x,".utf8)
            if case .string(let decoded) = generated {
                LineFormat.appendCSVField(Array(decoded.utf8)[...], quoteEmpty: true, to: &expected)
            } else {
                LineFormat.appendCSVField(compact[...], quoteEmpty: false, to: &expected)
            }
            for spelling in [compact, respelled(compact)] {
                var fast = Array("x,".utf8) + spelling
                LineFormat.csvField(from: 2, in: &fast)
                #expect(
                    String(decoding: fast, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                    "\(String(decoding: spelling, as: UTF8.self))")
            }
        }
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

extension LineFormat {
    /// Whether the array or object at `out[start...]` is written exactly as `JSONWriter` would write
    /// the value it holds: what `compactTraits` answers, which `csvField` alone asks in the product.
    fileprivate static func isCompact(_ out: [UInt8], from start: Int) -> Bool {
        out.withUnsafeBufferPointer { compactTraits(UnsafeBufferPointer(rebasing: $0[start...])) } != nil
    }
}
