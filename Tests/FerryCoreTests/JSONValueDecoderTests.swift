import FerryCore
import Foundation
import Testing

/// Decodable values read through Ferry's own JSON reader decode as Foundation's `JSONDecoder` decodes them.
@Suite struct JSONValueDecoderTests {
    struct Record: Codable, Equatable {
        enum Kind: String, Codable { case snapshot, delta }
        struct File: Codable, Equatable {
            var name: String
            var rows: Int
            var ratio: Double
        }
        var runId: String
        var kind: Kind
        var files: [File]
        var counts: [String: Int]
        var note: String?
        var shard: File?
        var flags: [Bool]
        var nested: [[UInt8]]
        var big: Int64

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case kind, files, counts, note, shard, flags, nested, big
        }
    }

    static let text = """
        {"run_id": "r1", "kind": "delta", "files": [{"name": "a", "rows": 3, "ratio": 0.5}, {"name": "b", "rows": 0, "ratio": -1e3}],
         "counts": {"x": 1, "y_z": 2}, "note": null, "flags": [true, false], "nested": [[1, 2], [], [255]],
         "big": 9007199254740992}
        """

    @Test func decodesAsFoundationDoes() throws {
        let bytes = Array(Self.text.utf8)
        let ours = try JSONValueDecoder().decode(Record.self, from: bytes)
        let foundation = try JSONDecoder().decode(Record.self, from: Data(bytes))
        #expect(ours == foundation)
        #expect(ours.shard == nil && ours.note == nil && ours.files[1].ratio == -1000)
    }

    @Test func aRepeatedKeyTakesItsLastValue() throws {
        let file = try JSONValueDecoder().decode(Record.File.self, from: Array(#"{"name":"a","rows":1,"ratio":1,"rows":7}"#.utf8))
        #expect(file.rows == 7)
    }

    @Test func wrongShapesAreRefusedWithTheirPath() throws {
        let cases = [
            #"{"name":"a","rows":1.5,"ratio":1}"#, #"{"name":"a","rows":"1","ratio":1}"#, #"{"name":"a","ratio":1}"#,
            #"{"name":null,"rows":1,"ratio":1}"#, #"["name"]"#, #"{"name":"a","rows":1,"ratio":1"#,
        ]
        for text in cases {
            #expect(throws: (any Error).self, "\(text)") { try JSONValueDecoder().decode(Record.File.self, from: Array(text.utf8)) }
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([UInt8].self, from: Array("[1, 256]".utf8)) }
        do {
            _ = try JSONValueDecoder().decode([Record.File].self, from: Array(#"[{"name":"a","rows":1,"ratio":1},{"name":"b","rows":true,"ratio":1}]"#.utf8))
            Issue.record("a boolean was read as an integer")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["1", "rows"])
        }
    }

    struct Snake: Codable, Equatable {
        var runId: String
        var pseudonymKeyId: String?
        var _private: Int
        var trailing_: Int
        var urlPath: String
        var counts: [String: Int]
    }

    @Test func snakeCaseKeysConvertAsFoundationConvertsThem() throws {
        let text = #"{"run_id":"r","pseudonym_key_id":null,"_private":1,"trailing_":2,"url_path":"p","counts":{"users_skipped":3}}"#
        let foundation = JSONDecoder()
        foundation.keyDecodingStrategy = .convertFromSnakeCase
        let expected = try foundation.decode(Snake.self, from: Data(text.utf8))
        #expect(try JSONValueDecoder(convertsKeysFromSnakeCase: true).decode(Snake.self, from: Array(text.utf8)) == expected)
    }
}
