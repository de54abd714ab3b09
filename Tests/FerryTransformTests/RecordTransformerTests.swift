import FerryCore
import Testing

@testable import FerryTransform

/// A message schema shaped like the real one: whole-value and nested personal data, free text, a date column.
let messageSchema = DatasetSchema(
    name: "messages", version: 1, collection: GraphCollection(path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000),
    dateColumn: "receivedDateTime",
    columns: [
        Column(name: "puser", type: .string, source: .user, personal: .value(.identifier)),
        Column(name: "ptenant", type: .string, source: .tenant),
        Column(name: "id", type: .string, source: .graph(JSONPath(parsing: "id")!)),
        Column(name: "receivedDateTime", type: .timestamp, source: .graph(JSONPath(parsing: "receivedDateTime")!)),
        Column(name: "isRead", type: .bool, source: .graph(JSONPath(parsing: "isRead")!)),
        Column(name: "subject", type: .string, source: .graph(JSONPath(parsing: "subject")!), personal: .value(.text)),
        Column(name: "fromAddress", type: .string, source: .graph(JSONPath(parsing: "from.emailAddress.address")!), personal: .value(.email)),
        Column(
            name: "toRecipients", type: .json, source: .graph(JSONPath(parsing: "toRecipients")!),
            personal: .nested([
                NestedPersonalData(path: JSONPath(parsing: "[].emailAddress.address")!, kind: .email),
                NestedPersonalData(path: JSONPath(parsing: "[].emailAddress.name")!, kind: .name),
            ])),
        Column(name: "categories", type: .array(.string), source: .graph(JSONPath(parsing: "categories")!)),
    ])

let message = try! JSONParser.parse(Array("""
    {"id":"AAMk1","receivedDateTime":"2026-11-21T01:30:00+02:00","isRead":"True","subject":"Q3, \\"final\\"",
     "from":{"emailAddress":{"name":"Adele Vance","address":"AdeleV@Contoso.com "}},
     "toRecipients":[{"emailAddress":{"name":"Alex Wilber","address":"alexw@contoso.com"}},
                     {"emailAddress":{"name":"Zoë","address":"zoe@fabrikam.example"}}],
     "categories":["Blue"],"unknownProperty":{"x":1}}
    """.utf8))

@Suite struct RecordTransformerTests {
    let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")

    func transformer(_ modes: [PersonalDataKind: PseudonymMode], columns: [String: PseudonymMode] = [:]) throws -> RecordTransformer {
        RecordTransformer(
            plan: try ProjectionPlan(schema: messageSchema, modes: modes, columnModes: columns, pseudonymizer: pseudonymizer),
            tenant: "tenant-1")
    }

    @Test func projectsTypedColumnsAndPartition() throws {
        let t = try transformer([:])
        let row = try t.project(message, user: "user-1")
        #expect(t.plan.columnNames == messageSchema.columns.map(\.name))
        #expect(row.values[0] == .string("user-1"))
        #expect(row.values[1] == .string("tenant-1"))
        #expect(row.values[3] == .string("2026-11-20T23:30:00Z"))
        #expect(row.partitionDate == "2026-11-20")
        #expect(row.values[4] == .bool(true))
        #expect(row.values[5] == .string("Q3, \"final\""))
        #expect(row.values[8] == .array([.string("Blue")]))
    }

    @Test func hashesEveryRecipientAndNormalizesAddresses() throws {
        let t = try transformer([.email: .hash, .name: .hash, .text: .drop])
        let row = try t.project(message, user: "user-1")
        #expect(!t.plan.columnNames.contains("subject"))
        let from = try #require(row.values[t.plan.columnNames.firstIndex(of: "fromAddress")!].stringValue)
        #expect(from == pseudonymizer.pseudonym(of: "adelev@contoso.com", kind: .email))
        #expect(from.count == 32 && !from.contains("@"))
        let to = row.values[t.plan.columnNames.firstIndex(of: "toRecipients")!]
        var text: [UInt8] = []
        JSONWriter.write(to, into: &text)
        let written = String(decoding: text, as: UTF8.self)
        for raw in ["alexw@contoso.com", "zoe@fabrikam.example", "Alex Wilber", "Zoë"] {
            #expect(!written.contains(raw))
        }
        #expect(written.contains(pseudonymizer.pseudonym(of: "ALEXW@contoso.com", kind: .email)))
        #expect(written.contains(pseudonymizer.pseudonym(of: "Alex  Wilber", kind: .name)))
    }

    @Test func aRepeatedKeyIsPseudonymizedEveryTime() throws {
        let repeated = try JSONParser.parse(Array("""
            {"id":"AAMk2","receivedDateTime":"2026-11-21T08:00:00Z",
             "toRecipients":[{"emailAddress":{"address":"first@contoso.com","address":"second@contoso.com",
                                              "name":"First Person","name":"Second Person"}}]}
            """.utf8))
        for modes: [PersonalDataKind: PseudonymMode] in [[.email: .hash, .name: .hash], [.email: .drop, .name: .redact]] {
            let t = try transformer(modes)
            let row = try t.project(repeated, user: "user-1")
            var text: [UInt8] = []
            JSONWriter.write(row.values[t.plan.columnNames.firstIndex(of: "toRecipients")!], into: &text)
            let written = String(decoding: text, as: UTF8.self)
            for raw in ["first@contoso.com", "second@contoso.com", "First Person", "Second Person"] {
                #expect(!written.contains(raw), "\(modes): \(written)")
            }
            var line: [UInt8] = []
            let body = Array(#"{"value":[{"id":"AAMk2","receivedDateTime":"2026-11-21T08:00:00Z","toRecipients":[{"emailAddress":{"address":"first@contoso.com","address":"second@contoso.com","name":"First Person","name":"Second Person"}}]}]}"#.utf8)
            let scan = try JSONPageScan.scan(body)
            _ = try LineProjector(plan: t.plan, tenant: "tenant-1").appendLine(item: 0, of: scan, in: body, user: "user-1", to: &line)
            let fast = String(decoding: line, as: UTF8.self)
            for raw in ["first@contoso.com", "second@contoso.com", "First Person", "Second Person"] {
                #expect(!fast.contains(raw), "the byte path, \(modes): \(fast)")
            }
        }
    }

    @Test func everyModeDoesWhatItSays() throws {
        let keepDomain = try transformer([.email: .hashKeepDomain, .name: .redact, .text: .keep]).project(message, user: nil)
        #expect(keepDomain.values[6].stringValue?.hasSuffix("@contoso.com") == true)
        #expect(keepDomain.values[5] == .string("Q3, \"final\""))
        #expect(keepDomain.values[0] == .null)
        guard case .array(let recipients) = keepDomain.values[7] else { Issue.record("not an array"); return }
        #expect(recipients[1]["emailAddress"]?["name"] == .null)
        #expect(recipients[1]["emailAddress"]?["address"]?.stringValue?.hasSuffix("@fabrikam.example") == true)

        let dropped = try transformer([.email: .drop, .name: .drop]).project(message, user: "u")
        let plan = try ProjectionPlan(schema: messageSchema, modes: [.email: .drop, .name: .drop], pseudonymizer: nil)
        #expect(!plan.columnNames.contains("fromAddress"))
        guard case .array(let bare) = dropped.values[plan.columnNames.firstIndex(of: "toRecipients")!] else { return }
        #expect(bare[0]["emailAddress"] == .object([]))

        let redacted = try transformer([.email: .redact]).project(message, user: "u")
        #expect(redacted.values[6] == .null)
    }

    @Test func columnOverridesBeatKindModes() throws {
        let t = try transformer([.text: .drop, .email: .hash], columns: ["subject": .keep, "fromAddress": .redact])
        let row = try t.project(message, user: "u")
        #expect(row.values[t.plan.columnNames.firstIndex(of: "subject")!] == .string("Q3, \"final\""))
        #expect(row.values[t.plan.columnNames.firstIndex(of: "fromAddress")!] == .null)
        #expect(throws: TransformError.self) {
            try ProjectionPlan(schema: messageSchema, modes: [:], columnModes: ["nope": .keep], pseudonymizer: nil)
        }
    }

    @Test func hashingWithoutAKeyIsRefused() {
        #expect(throws: TransformError.self) {
            try ProjectionPlan(schema: messageSchema, modes: [.email: .hash], pseudonymizer: nil)
        }
    }

    @Test func unprojectableRecordsSayWhyWithoutLeakingValues() throws {
        let t = try transformer([:])
        let badDate = try JSONParser.parse(Array(#"{"id":"x","receivedDateTime":"adele@contoso.com"}"#.utf8))
        let error = #expect(throws: ProjectionError.self) { try t.project(badDate, user: "u") }
        #expect(error?.column == "receivedDateTime")
        #expect(error?.description.contains("adele") == false)
        let noDate = try JSONParser.parse(Array(#"{"id":"x"}"#.utf8))
        #expect(throws: ProjectionError.self) { try t.project(noDate, user: "u") }
        let badBool = try JSONParser.parse(Array(#"{"id":"x","receivedDateTime":"2026-11-21T00:00:00Z","isRead":"maybe"}"#.utf8))
        #expect(throws: ProjectionError.self) { try t.project(badBool, user: "u") }
        #expect(throws: ProjectionError.self) { try t.project(.array([]), user: "u") }
    }

    @Test func pseudonymsAreStablePerKeyAndDifferAcrossKeys() {
        let other = Pseudonymizer(key: "another-key-0123456789")
        let a = pseudonymizer.pseudonym(of: " Adele@Contoso.com", kind: .email)
        #expect(a == pseudonymizer.pseudonym(of: "adele@contoso.com", kind: .email))
        #expect(a != other.pseudonym(of: "adele@contoso.com", kind: .email))
        #expect(pseudonymizer.keyId != other.keyId)
        #expect(pseudonymizer.keyId.hasPrefix("hmac-sha256:"))
        #expect(!pseudonymizer.keyId.contains("0123456789abcdef"))
        #expect(pseudonymizer.pseudonymKeepingDomain(of: "no-domain") == pseudonymizer.pseudonym(of: "no-domain", kind: .email))
    }
}
