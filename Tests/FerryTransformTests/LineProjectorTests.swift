import Dispatch
import FerryCore
import Foundation
import Synchronization
import Testing

@testable import FerryTransform

/// A schema exercising every column type, every source and every kind of rule.
let conversionSchema = DatasetSchema(
    name: "conversions", version: 1, collection: GraphCollection(path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000),
    dateColumn: "received",
    columns: [
        Column(name: "puser", type: .string, source: .user, personal: .value(.identifier)),
        Column(name: "ptenant", type: .string, source: .tenant),
        Column(name: "id", type: .string, source: .graph(JSONPath(parsing: "id")!), personal: .value(.identifier)),
        Column(name: "received", type: .timestamp, source: .graph(JSONPath(parsing: "receivedDateTime")!)),
        Column(name: "day", type: .date, source: .graph(JSONPath(parsing: "createdDateTime")!)),
        Column(name: "size", type: .int, source: .graph(JSONPath(parsing: "size")!)),
        Column(name: "weight", type: .double, source: .graph(JSONPath(parsing: "weight")!)),
        Column(name: "isRead", type: .bool, source: .graph(JSONPath(parsing: "isRead")!)),
        Column(name: "label", type: .string, source: .graph(JSONPath(parsing: "label")!)),
        Column(name: "categories", type: .array(.string), source: .graph(JSONPath(parsing: "categories")!)),
        Column(name: "numbers", type: .array(.int), source: .graph(JSONPath(parsing: "numbers")!)),
        Column(name: "start", type: .timestamp, source: .graph(JSONPath(parsing: "start.dateTime")!)),
        Column(name: "startZone", type: .string, source: .graph(JSONPath(parsing: "start.timeZone")!)),
        Column(
            name: "attendeeAddresses", type: .array(.string), source: .graph(JSONPath(parsing: "attendees[].emailAddress.address")!),
            personal: .value(.email)),
        Column(name: "fromAddress", type: .string, source: .graph(JSONPath(parsing: "from.emailAddress.address")!), personal: .value(.email)),
        Column(name: "subject", type: .string, source: .graph(JSONPath(parsing: "subject")!), personal: .value(.text)),
        Column(
            name: "from", type: .json, source: .graph(JSONPath(parsing: "from")!),
            personal: .nested([
                NestedPersonalData(path: JSONPath(parsing: "emailAddress.address")!, kind: .email),
                NestedPersonalData(path: JSONPath(parsing: "emailAddress.name")!, kind: .name),
            ])),
        Column(
            name: "toRecipients", type: .json, source: .graph(JSONPath(parsing: "toRecipients")!),
            personal: .nested([
                NestedPersonalData(path: JSONPath(parsing: "[].emailAddress.address")!, kind: .email),
                NestedPersonalData(path: JSONPath(parsing: "[].emailAddress.name")!, kind: .name),
            ])),
        Column(
            name: "location", type: .json, source: .graph(JSONPath(parsing: "location")!),
            personal: .nested([
                NestedPersonalData(path: JSONPath(parsing: "displayName")!, kind: .text),
                NestedPersonalData(path: JSONPath(parsing: "coordinates")!, kind: .text),
                NestedPersonalData(path: JSONPath(parsing: "locationEmailAddress")!, kind: .email),
            ])),
        Column(name: "extra", type: .json, source: .graph(JSONPath(parsing: "extra")!)),
        Column(name: "tags", type: .array(.string), source: .graph(JSONPath(parsing: "tags")!), personal: .value(.name)),
        Column(name: "nowhere", type: .string, source: .graph(JSONPath(segments: [.eachElement, .key("x")]))),
    ])

/// An ordinary record for `conversionSchema`, as Graph would send it.
let ordinaryRecord = """
    {"@odata.etag":"W/\\"CQAAAB\\"","id":"AAMkAD=","receivedDateTime":"2026-11-21T09:30:00Z","createdDateTime":"2026-11-20T23:59:59Z",\
    "size":1234,"weight":0.25,"isRead":false,"label":"plain","categories":["Blue category","Red"],"numbers":[1,2,3],\
    "start":{"dateTime":"2026-11-21T09:30:00.0000000","timeZone":"UTC"},\
    "attendees":[{"emailAddress":{"name":"Alex Wilber","address":"AlexW@contoso.example"}},{"emailAddress":{"name":"Zoë","address":"zoe@fabrikam.example"}}],\
    "from":{"emailAddress":{"name":"Adele Vance","address":"AdeleV@Contoso.example"}},"subject":"Q3 \\"final\\"",\
    "toRecipients":[{"emailAddress":{"name":"Alex Wilber","address":"alexw@contoso.example"}},{"emailAddress":{"name":"Zoë","address":"zoe@fabrikam.example"}}],\
    "location":{"displayName":"Room 1","coordinates":{"latitude":1.5},"locationEmailAddress":"room1@contoso.example","uniqueId":"r1"},\
    "extra":{"a":[1,{"b":null}],"c":"d"},"tags":["Alex Wilber",null],"body":{"contentType":"html","content":"<p>\\"skip\\" me</p>"}}
    """

/// `ordinaryRecord` with the property `key` set to `value` (JSON text), or removed when `value` is nil.
func record(_ key: String, _ value: String?) -> String {
    var members: [(key: String, value: JSONValue)] = []
    if case .object(let original)? = try? JSONParser.parse(Array(ordinaryRecord.utf8)) { members = original }
    members.removeAll { $0.key == key }
    var text: [UInt8] = []
    JSONWriter.write(.object(members), into: &text)
    guard let value else { return String(decoding: text, as: UTF8.self) }
    return String(decoding: text.dropLast(), as: UTF8.self) + ",\"\(key)\":" + value + "}"
}

@Suite struct LineProjectorTests {
    func eachSetting(_ body: (ProjectionComparison) throws -> Void) throws {
        for settings in ModeSettings.allCases {
            try body(try ProjectionComparison(conversionSchema, modes: settings.modes, columns: settings.columns(of: conversionSchema)))
        }
    }

    @Test func ordinaryRecordsMatchTheGenericPath() throws {
        try eachSetting { comparison in
            let outcome = try comparison.expectAgreement(onRecord: ordinaryRecord)
            #expect(outcome.error == nil && outcome.partitionDate == "2026-11-21")
            try comparison.expectAgreement(onRecord: ordinaryRecord, user: nil)
            try comparison.expectAgreement(onRecord: "{}")
            try comparison.expectAgreement(onRecord: #"{"receivedDateTime":"2026-11-21T00:00:00Z"}"#)
        }
    }

    @Test(arguments: [
        ("isRead", #""True""#), ("isRead", #"" false ""#), ("isRead", #""maybe""#), ("isRead", "1"), ("size", #""42""#),
        ("size", #"" -7 ""#), ("size", #""abc""#), ("size", "1.5"), ("size", "1.0"), ("size", "-0"), ("size", "007"), ("size", "1e3"),
        ("size", "12345678901234567"), ("size", "9007199254740993"), ("weight", #""1.5""#), ("weight", #""nan""#),
        ("weight", "1e999"), ("weight", "-0.0"), ("weight", "12"), ("weight", "1.50"), ("weight", "true"), ("label", "12"),
        ("label", "true"), ("label", "1.50"), ("label", "{}"), ("label", "[]"), ("categories", #"["a",null,3,true]"#),
        ("categories", #""x""#), ("categories", "[{}]"), ("categories", "[]"), ("numbers", #"[1,"2",3.0]"#),
        ("numbers", #"["x"]"#), ("start", #"{"dateTime":7}"#), ("start", #""2026-11-21T09:30:00Z""#), ("start", "[]"),
        ("start", #"{"timeZone":"UTC"}"#), ("start", #"{"dateTime":"2026-11-21T09:30:00Z","dateTime":"2026-11-22T09:30:00Z"}"#),
        ("attendees", "[]"), ("attendees", #"[{"emailAddress":{"address":5}},null]"#), ("attendees", #"{"a":1}"#),
        ("from", #"{"emailAddress":{"address":null,"name":null}}"#), ("from", #"{"emailAddress":{"address":5,"name":true}}"#),
        ("from", #"{"emailAddress":{"address":["a@b.c"],"name":{"first":"A"}}}"#), ("from", #"{"emailAddress":"a@b.c"}"#),
        ("from", #"{"emailAddress":{"address":"a@b.c","address":"leak@b.c"}}"#), ("from", #"[{"emailAddress":{}}]"#),
        ("from", #"{"emailAddress":{"name":"A","address":"a@b.c"},"emailAddress":{"name":"B","address":"b@b.c"}}"#),
        ("toRecipients", #"{"emailAddress":{"address":"a@b.c"}}"#), ("toRecipients", #"[null,"x",{"emailAddress":null},{}]"#),
        ("toRecipients", #"[[{"emailAddress":{"address":"a@b.c"}}]]"#), ("toRecipients", "7"),
        ("location", #"{"displayName":"Room","displayName":"Home"}"#), ("location", #"{"coordinates":null}"#),
        ("location", #"[{"displayName":"Room"}]"#), ("location", #"{"locationEmailAddress":"ROOM@X.EXAMPLE "}"#),
        ("tags", #"["A  B", "a b"]"#), ("tags", #"[1,"x"]"#), ("tags", #""solo""#), ("subject", "5"), ("subject", "null"),
        ("extra", "12.5e-3"), ("extra", #""text""#), ("id", "42"), ("id", "null"),
    ])
    func conversionsMatchTheGenericPath(_ key: String, _ value: String) throws {
        try eachSetting { comparison in try comparison.expectAgreement(onRecord: record(key, value)) }
    }

    @Test(arguments: [
        "2026-11-21T01:30:00+02:00", "2026-11-21T09:30:00.1234567Z", "2026-11-21T09:30:00.000Z", "2026-11-21T09:30:00.120Z",
        "2026-11-21", "2026-11-21T09:30", "2026-11-21T09:30:00", "2026-11-21t09:30:00Z", "2026-11-21T09:30:00z",
        "2026-11-21 09:30:00Z", "2026-11-30T23:59:60Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-21T24:00:00Z", "0001-01-01T00:00:00Z", "2026-11-21T09:30:00-00:30", "2026-11-21T09:30:00.Z", "yesterday",
        "adele@contoso.example", "", "2026-11-21T09:30:00.0000000", "2026-11-21T09:30:59.9999999", "2026-11-21T9:30:00",
        "2026-11-21T09:30:00.5", "2026-11-21T09:30Z", "2026-11-21T09:30:00ZZ", "2026-11-21T09:30:00.123+01:00", "2026-1-21",
    ])
    func timestampsMatchTheGenericPath(_ stamp: String) throws {
        try eachSetting { comparison in
            try comparison.expectAgreement(onRecord: record("receivedDateTime", "\"\(stamp)\""))
            try comparison.expectAgreement(onRecord: record("createdDateTime", "\"\(stamp)\""))
            try comparison.expectAgreement(onRecord: record("start", #"{"dateTime":"\#(stamp)","timeZone":"UTC"}"#))
        }
    }

    @Test func refusedRecordsAreRefusedWithTheSameError() throws {
        try eachSetting { comparison in
            for text in [
                record("receivedDateTime", nil), record("receivedDateTime", "null"), record("receivedDateTime", "5"),
                record("receivedDateTime", #""adele@contoso.example""#), record("size", #""abc""#), record("isRead", "[]"),
                "[1]", #""x""#, "5", "null", "[]",
            ] {
                let outcome = try comparison.expectAgreement(onRecord: text)
                #expect(outcome.error != nil, "\(text) was not refused")
                #expect(outcome.error?.description.contains("adele") != true)
            }
        }
    }

    @Test func escapesSurrogatesAndBrokenUTF8MatchTheGenericPath() throws {
        try eachSetting { comparison in
            for (key, value) in [
                ("label", #""a\"b\\c\/d\u00e9\n\t\u0001 é 中 😀""#), ("label", #""\ud83d\ude00 \ud800 \udc00x""#),
                ("extra", #"{"a":"\udc00","\u0062":"\ud83d\ude00"}"#), ("subject", #""\uD834\uDD1E""#),
                ("from", #"{"emailAddress":{"n\u0061me":"Zo\u00eb","\u0061ddress":"Z\u00d6E@X.example"}}"#),
                ("toRecipients", #"[{"emailAddress":{"name":"\ud800","address":"a\u0040b.c"}}]"#),
                ("\\u0069d", #""escaped key""#),
            ] {
                try comparison.expectAgreement(onRecord: record(key, value))
            }
            // Bytes that are not UTF-8 inside strings the fast path would copy, hash or skip.
            for (key, value) in [("label", "a\u{FF}b"), ("extra", "x\u{C3}"), ("subject", "\u{ED}\u{A0}\u{80}")] {
                var bytes = Array(record(key, "\"MARK\"").utf8)
                let mark = Array("MARK".utf8)
                let position = try #require(bytes.indices.first { Array(bytes[$0..<min($0 + 4, bytes.count)]) == mark })
                bytes.replaceSubrange(position..<position + 4, with: value.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
                try comparison.expectAgreement(onRecordBytes: bytes)
            }
            var broken = Array(record("from", #"{"emailAddress":{"name":"MARK","address":"MARK@b.c"}}"#).utf8)
            for index in broken.indices.dropLast(3) where Array(broken[index..<index + 4]) == Array("MARK".utf8) {
                broken[index + 1] = 0xFF
            }
            try comparison.expectAgreement(onRecordBytes: broken)
        }
    }

    /// A key written with escapes inside a json column comes out plain, whichever path writes it, so
    /// that readers of Ferry's files (the analysis among them) can match keys by their bytes.
    @Test func keysInsideJSONColumnsAreWrittenPlain() throws {
        try eachSetting { comparison in
            for (key, value) in [
                ("extra", #"{"k\u0065y":1,"s":"a\"b","n":{"\u0078":[{"y\u0079":2}]}}"#),
                ("from", #"{"emailAddress":{"n\u0061me":"Zoë","\u0061ddress":"zoe@x.example"}}"#),
                ("toRecipients", #"[{"\u0065mailAddress":{"address":"a@b.c"}}]"#),
                ("location", #"{"displ\u0061yName":"Room 1","locationEmailAddress":"room1@contoso.example"}"#),
            ] {
                try comparison.expectAgreement(onRecord: record(key, value))
                let body = Array(#"{"value":["#.utf8) + Array(record(key, value).utf8) + Array("]}".utf8)
                let scan = try JSONPageScan.scan(body)
                for format in LineFormat.Kind.allCases {
                    let projector = LineProjector(plan: comparison.plan, tenant: "tenant-1", format: format)
                    var line: [UInt8] = []
                    _ = try projector.appendLine(item: 0, of: scan, in: body, user: "u", to: &line)
                    let text = String(decoding: line, as: UTF8.self)
                    #expect(!text.contains(#"\u00"#), "\(format): \(text)")
                }
            }
        }
    }

    @Test func whitespaceAndRepeatedKeysMatchTheGenericPath() throws {
        let pretty = """
            {
              "id" : "x",\t"receivedDateTime" :\r\n "2026-11-21T09:30:00Z" ,
              "from" : { "emailAddress" : { "name" : "Adele Vance" , "address" : "adele@contoso.example" } },
              "toRecipients" : [ { "emailAddress" : { "address" : "a@b.c" } } ,
                 { "emailAddress" : { "address" : "b@b.c" } } ],
              "extra" : { "a" : [ 1 , 2 ] },
              "categories" : [ "a" , "b" ],
              "start" : { "dateTime" : "2026-11-21T09:30:00Z" }
            }
            """
        try eachSetting { comparison in
            try comparison.expectAgreement(onRecord: pretty)
            try comparison.expectAgreement(onRecord: #"{"id":"a","receivedDateTime":"2026-11-21T09:30:00Z","id":"b","id":null}"#)
            try comparison.expectAgreement(onRecord: #"{"from":{"a":1},"receivedDateTime":"2026-11-21T09:30:00Z","from":{"emailAddress":{"address":"x@y.z"}}}"#)
            try comparison.expectAgreement(onRecord: #"{"extra":{"a":1},"receivedDateTime":"2026-11-21T09:30:00Z","extra":[1,2]}"#)
        }
    }

    @Test func partitionsFollowTheDateColumn() throws {
        let comparison = try ProjectionComparison(conversionSchema, modes: ModeSettings.defaults.modes)
        let converted = try comparison.expectAgreement(onRecord: record("receivedDateTime", #""2026-11-21T01:30:00+02:00""#))
        #expect(converted.partitionDate == "2026-11-20")
        let snapshot = try ProjectionComparison(
            ProjectionPlan(
                schema: DatasetSchema(
                    name: "snapshot", version: 1, collection: conversionSchema.collection, columns: conversionSchema.columns),
                modes: [:], pseudonymizer: nil))
        #expect(try snapshot.expectAgreement(onRecord: ordinaryRecord).partitionDate == nil)
    }

    @Test func hashingWritesPseudonymsAndNeverTheRawValue() throws {
        let comparison = try ProjectionComparison(conversionSchema, modes: ModeSettings.defaults.modes)
        let body = Array(#"{"value":["#.utf8) + Array(ordinaryRecord.utf8) + Array("]}".utf8)
        let (_, bytes) = try comparison.fast(item: 0, of: try JSONPageScan.scan(body), in: body, user: "u")
        let text = String(decoding: bytes, as: UTF8.self)
        for raw in ["AdeleV", "Adele Vance", "alexw@", "AlexW@", "Alex Wilber", "Zoë", "zoe@", "room1@", "Room 1", "final"] {
            #expect(!text.contains(raw), "'\(raw)' was written")
        }
        let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")
        #expect(text.contains(pseudonymizer.pseudonym(of: "adelev@contoso.example", kind: .email)))
        #expect(text.contains(pseudonymizer.pseudonym(of: "Alex Wilber", kind: .name)))
    }

    @Test func rangesNotFromAScanAreRefusedWithoutCrashing() throws {
        let comparison = try ProjectionComparison(conversionSchema, modes: ModeSettings.defaults.modes)
        let body = Array(ordinaryRecord.utf8)
        var out: [UInt8] = [1, 2, 3]
        for range in [0..<body.count + 5, -3..<4, 5..<40, 0..<0, body.count..<body.count, 0..<body.count - 1] {
            #expect(throws: ProjectionError.self) { try comparison.projector.appendLine(of: range, in: body, user: "u", to: &out) }
            #expect(out == [1, 2, 3])
        }
        let date = try comparison.projector.appendLine(of: 0..<body.count, in: body, user: "u", to: &out)
        #expect(date == "2026-11-21")
        let scan = try JSONPageScan.scan(Array(#"{"value":[{}]}"#.utf8))
        #expect(throws: ProjectionError.self) { try comparison.projector.appendLine(item: 3, of: scan, in: body, user: "u", to: &out) }
    }
}

@Suite struct PseudonymCachePoolTests {
    let plan = try! ProjectionPlan(
        schema: conversionSchema, modes: ModeSettings.defaults.modes, pseudonymizer: Pseudonymizer(key: "0123456789abcdef-test-key"))

    /// Workers each have a projector, but a cache is lent per page or record: projectors taking turns share one.
    @Test func projectorsOfOnePlanTakingTurnsShareOneCache() throws {
        let body = Array(#"{"value":["#.utf8) + Array(ordinaryRecord.utf8) + Array("]}".utf8)
        let scan = try JSONPageScan.scan(body)
        var lines: [[UInt8]] = []
        for _ in 0..<3 {
            let projector = LineProjector(plan: plan, tenant: "tenant-1")
            var line: [UInt8] = []
            _ = try projector.appendLine(item: 0, of: scan, in: body, user: "u", to: &line)
            lines.append(line)
        }
        #expect(plan.pseudonymCaches?.idleCount == 1)
        #expect(Set(lines).count == 1)
    }

    /// Records written inside `holdingPseudonyms` share one lending; the cache goes back when it ends,
    /// and a projector outside it still borrows its own for each record.
    @Test func aProjectorHoldsOneCacheForAPage() throws {
        let body = Array(#"{"value":["#.utf8) + Array(ordinaryRecord.utf8) + Array("]}".utf8)
        let scan = try JSONPageScan.scan(body)
        let pool = try #require(plan.pseudonymCaches)
        let projector = LineProjector(plan: plan, tenant: "tenant-1")
        let other = LineProjector(plan: plan, tenant: "tenant-1")
        var held: [[UInt8]] = []
        var idleWhileHeld: [Int] = []
        projector.holdingPseudonyms {
            for _ in 0..<3 {
                var line: [UInt8] = []
                _ = try? projector.appendLine(item: 0, of: scan, in: body, user: "u", to: &line)
                held.append(line)
                idleWhileHeld.append(pool.idleCount)
            }
            var line: [UInt8] = []
            _ = try? other.appendLine(item: 0, of: scan, in: body, user: "u", to: &line)
            held.append(line)
        }
        #expect(idleWhileHeld == [0, 0, 0])
        #expect(pool.lendings == 2)
        #expect(pool.idleCount == 2)
        var line: [UInt8] = []
        _ = try projector.appendLine(item: 0, of: scan, in: body, user: "u", to: &line)
        #expect(pool.lendings == 3)
        #expect(Set(held + [line]).count == 1)
        #expect(!line.isEmpty)
    }

    /// A thread is lent back the cache it gave back, still warm in its core's caches, even when another
    /// thread gave one back since; a thread that gave none back gets the one given back last.
    @Test func aThreadIsLentTheCacheItGaveBack() throws {
        let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")
        let pool = PseudonymCachePool(pseudonymizer: pseudonymizer)
        /// A cache holding `count` addresses, so that it can be told from the others.
        func cache(holding count: Int) -> PseudonymByteCache {
            var cache = PseudonymByteCache(pseudonymizer: pseudonymizer)
            for index in 0..<count {
                let bytes = Array("\"p\(index)@contoso.example\"".utf8)
                var out: [UInt8] = []
                _ = cache.appendPseudonym(ofString: 0..<bytes.count, in: bytes, kind: .email, keepDomain: false, to: &out)
            }
            return cache
        }
        let first = cache(holding: 1)
        let second = cache(holding: 2)
        let steps = (firstGaveBack: DispatchSemaphore(value: 0), secondGaveBack: DispatchSemaphore(value: 0), done: DispatchSemaphore(value: 0))
        let lent = Mutex<[String: Int]>([:])
        Thread {
            pool.giveBack(first)
            steps.firstGaveBack.signal()
            if steps.secondGaveBack.wait(timeout: .now() + 30) == .success {
                lent.withLock { $0["first thread"] = pool.borrow().storedCount }
            }
            steps.done.signal()
        }.start()
        Thread {
            if steps.firstGaveBack.wait(timeout: .now() + 30) == .success {
                pool.giveBack(second)
                steps.secondGaveBack.signal()
            }
        }.start()
        try #require(steps.done.wait(timeout: .now() + 60) == .success)
        #expect(lent.withLock { $0 } == ["first thread": 1])
        Thread {
            lent.withLock { $0["third thread"] = pool.borrow().storedCount }
            steps.done.signal()
        }.start()
        try #require(steps.done.wait(timeout: .now() + 60) == .success)
        #expect(lent.withLock { $0["third thread"] } == 2)
        #expect(pool.idleCount == 0)
    }

    /// Projectors writing at the same time each borrow a cache of their own and write the same lines.
    @Test func projectorsWritingAtOnceGetTheirOwnCaches() async throws {
        let records = (0..<64).map { record("from", #"{"emailAddress":{"name":"Person \#($0 % 7)","address":"p\#($0 % 7)@contoso.example"}}"#) }
        let body = Array(("{\"value\":[" + records.joined(separator: ",") + "]}").utf8)
        let scan = try JSONPageScan.scan(body)
        let plan = self.plan
        let expected = try ProjectionComparison(plan).expectAgreement(onRecord: records[3], user: "u")
        let outputs = try await withThrowingTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let projector = LineProjector(plan: plan, tenant: "tenant-1")
                    var lines: [[UInt8]] = []
                    for index in 0..<records.count {
                        var line: [UInt8] = []
                        _ = try projector.appendLine(item: index, of: scan, in: body, user: "u", to: &line)
                        lines.append(line)
                    }
                    return lines
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outputs).count == 1)
        let idle = plan.pseudonymCaches?.idleCount ?? 0
        #expect((1...8).contains(idle))
        let line = try JSONParser.parse(Array(outputs[0][3].dropLast()))
        #expect(line == expected.line)
    }
}

/// A change feed's deletion records go through the same line path as its other records.
@Suite struct DeletionLineTests {
    @Test func aDeletionIsPseudonymizedLikeAnyRecord() throws {
        let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")
        let plan = try ProjectionPlan(
            schema: conversionSchema, modes: [.identifier: .hash, .email: .hash], columnModes: [:], pseudonymizer: pseudonymizer)
        for kind in LineFormat.Kind.allCases {
            let projector = LineProjector(plan: plan, tenant: "tenant-1", format: kind, extraColumns: ["_change"])
            var out: [UInt8] = []
            projector.appendDeletion(id: "AAMkAD=", user: "user-raw-id", extras: [.string("deleted")], to: &out)
            let line = String(decoding: out, as: UTF8.self)
            // Identifiers are hashed under these modes: neither the raw id nor the raw user appears.
            #expect(!line.contains("AAMkAD=") && !line.contains("user-raw-id"), "\(line)")
            #expect(line.contains("tenant-1") && line.contains("deleted"))
            let expected = RecordTransformer(plan: plan, tenant: "tenant-1").deletion(id: "AAMkAD=", user: "user-raw-id")
            #expect(expected[0] != .null && expected[2] != .null && expected[3] == .null)
            var generic: [UInt8] = []
            LineFormat(kind, columns: plan.columnNames + ["_change"]).encode(expected + [.string("deleted")], into: &generic)
            #expect(out == generic)
        }
    }
}
