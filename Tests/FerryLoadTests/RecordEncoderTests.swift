import FerryCore
import Foundation
import Testing

@testable import FerryLoad

@Suite struct RecordEncoderTests {
    let values: [JSONValue] = [
        .string("a,b \"quoted\"\nnext line"), .null, .number(3), .bool(true), .string(""),
        .array([.object([("address", .string("x@y"))])]), .string("Zoë 中文 😀"),
    ]
    let columns = ["text", "missing", "count", "flag", "empty", "nested", "unicode"]

    @Test func jsonLinesAreOneValidObjectPerLine() throws {
        var out: [UInt8] = []
        let encoder = JSONLineEncoder(columns: columns)
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
        let encoder = CSVLineEncoder(columns: columns)
        encoder.encode(values, into: &out)
        #expect(String(decoding: encoder.fileHeader ?? [], as: UTF8.self) == "text,missing,count,flag,empty,nested,unicode\r\n")
        #expect(
            String(decoding: out, as: UTF8.self)
                == "\"a,b \"\"quoted\"\"\nnext line\",,3,true,\"\",\"[{\"\"address\"\":\"\"x@y\"\"}]\",Zoë 中文 😀\r\n")
    }
}
