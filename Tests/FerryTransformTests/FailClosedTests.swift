import FerryTestSupport
import FerryCore
import Testing

@testable import FerryTransform

/// Personal data fails closed: inside a column marked personal, a value at none of the schema's paths is
/// pseudonymized by the column's other kind, and a value of another shape than the paths describe is
/// quarantined with its reason. Both projection paths, compared on every record.
@Suite struct FailClosedTests {
    static let datasets = [
        "messages", "sent_items", "events", "calendar_view", "contacts", "users", "groups", "managers", "direct_reports",
        "group_members", "mailbox_settings",
    ]

    /// Every mode but `keep`, for every kind at once, and a few mixtures.
    static func settings(seed: UInt64) -> [[PersonalDataKind: PseudonymMode]] {
        let modes: [PseudonymMode] = [.hash, .hashKeepDomain, .redact, .drop]
        var settings = modes.map { mode in Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, mode) }) }
        var random = SeededGenerator(seed: seed)
        for _ in 0..<3 {
            settings.append(
                Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, modes.randomElement(using: &random)!) }))
        }
        return settings
    }

    static func line(_ outcome: ProjectionOutcome) -> String { outcome.description.lowercased() }

    /// The shapes a tester found passing raw addresses and names, in the messages schema under the defaults.
    @Test func theShapesFromTheIssueAreQuarantinedOrHashed() throws {
        let comparison = try ProjectionComparison(try SchemaFiles.schema("messages"), modes: ModeSettings.defaults.modes)
        let date = #""receivedDateTime":"2026-11-21T09:30:00Z""#
        let refused: [(record: String, column: String, place: String)] = [
            (#"{\#(date),"sender":"zq1x@leak.example"}"#, "sender", "the value is a string where the schema expects an object"),
            (
                #"{\#(date),"from":{"emailAddress":[{"address":"zq2x@leak.example","name":"Zq3x Person"}]}}"#, "from",
                "'emailAddress' is an array where the schema expects an object"
            ),
            (
                #"{\#(date),"toRecipients":{"emailAddress":{"address":"zq4x@leak.example","name":"Zq5x Person"}}}"#,
                "toRecipients", "the value is an object where the schema expects an array"
            ),
            (
                #"{\#(date),"ccRecipients":[{"emailAddress":{"address":"a@b.example"}},"zq6x@leak.example"]}"#, "ccRecipients",
                "'[]' is a string where the schema expects an object"
            ),
        ]
        for (record, column, place) in refused {
            let outcome = try comparison.expectAgreement(onRecord: record)
            let error = try #require(outcome.error, "\(record) was written: \(outcome)")
            #expect(error.column == column)
            #expect(error.reason.contains("personal data of an unexpected shape: \(place)"), "\(error.reason)")
            #expect(!Self.line(outcome).contains("zq"))
        }
        // A property Graph adds inside emailAddress: written, hashed like a name.
        let added = #"{\#(date),"from":{"emailAddress":{"address":"a@b.example","name":"A B","displayName":"Zq7x Person"}}}"#
        let outcome = try comparison.expectAgreement(onRecord: added)
        let from = try #require(outcome.line?["from"]?["emailAddress"])
        let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")
        #expect(from["displayName"]?.stringValue == pseudonymizer.pseudonym(of: "Zq7x Person", kind: .name))
        #expect(from["address"]?.stringValue == pseudonymizer.pseudonym(of: "a@b.example", kind: .email))
        #expect(!Self.line(outcome).contains("zq"))
    }

    /// Random shapes inside every personal column of every schema: whatever the shape, no raw string of the
    /// input reaches the output line (or the quarantine reason), and both paths write the same.
    @Test(arguments: datasets) func randomShapesInPersonalColumnsLeakNothing(_ dataset: String) throws {
        let schema = try SchemaFiles.schema(dataset)
        var shapes = HostileShapes(seed: UInt64(dataset.utf8.count) &* 7919 &+ UInt64(dataset.utf8.first ?? 0))
        var refused = 0
        var written = 0
        for modes in Self.settings(seed: UInt64(dataset.utf8.count)) {
            let comparison = try ProjectionComparison(schema, modes: modes)
            for _ in 0..<150 {
                var bytes: [UInt8] = []
                JSONWriter.write(try shapes.record(for: schema), into: &bytes)
                let outcome = try comparison.expectAgreement(onRecordBytes: bytes)
                if outcome.error == nil { written += 1 } else { refused += 1 }
                #expect(
                    !Self.line(outcome).contains(HostileShapes.marker),
                    "\(dataset) under \(modes): \(String(decoding: bytes, as: UTF8.self)) gave \(outcome)")
            }
        }
        // Both kinds of outcome are exercised: the generator is not refused on every record, nor never.
        #expect(written >= 20 && refused >= 20, "\(dataset): \(written) written, \(refused) refused")
    }

    /// Known paths stay readable: an attendee's response and type are kept while an added member is hashed.
    @Test func pathsMarkedNoneAreKeptAndOthersHashed() throws {
        let comparison = try ProjectionComparison(try SchemaFiles.schema("events"), modes: ModeSettings.defaults.modes)
        let record = """
            {"lastModifiedDateTime":"2026-11-21T09:30:00Z","attendees":[{"type":"required",\
            "status":{"response":"accepted","time":"2026-11-20T10:00:00Z","note":"Zq1x Person"},\
            "emailAddress":{"address":"zq2x@leak.example","name":"Zq3x Person"},"phone":"zq4x"}]}
            """
        let outcome = try comparison.expectAgreement(onRecord: record)
        guard case .array(let attendees)? = outcome.line?["attendees"], let attendee = attendees.first else {
            Issue.record("no attendee written: \(outcome)")
            return
        }
        #expect(attendee["type"]?.stringValue == "required")
        #expect(attendee["status"]?["response"]?.stringValue == "accepted")
        #expect(attendee["status"]?["time"]?.stringValue == "2026-11-20T10:00:00Z")
        #expect(attendee["status"]?["note"]?.stringValue?.count == Pseudonymizer.pseudonymLength)
        #expect(attendee["phone"]?.stringValue?.count == Pseudonymizer.pseudonymLength)
        #expect(!Self.line(outcome).contains("zq"))
        // A path marked none holding an object is refused, not kept.
        let nested = try comparison.expectAgreement(
            onRecord: #"{"lastModifiedDateTime":"2026-11-21T09:30:00Z","attendees":[{"type":{"name":"zq5x"}}]}"#)
        #expect(nested.error?.reason.contains("'[].type' is an object where the schema expects a string, number, boolean or null") == true)
    }

    /// With every mode of a column's kinds `keep`, the value is written as it came, whatever its shape.
    @Test func keptColumnsAreWrittenAsTheyCame() throws {
        let keep = Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, PseudonymMode.keep) })
        let comparison = try ProjectionComparison(try SchemaFiles.schema("messages"), modes: keep)
        let outcome = try comparison.expectAgreement(onRecord: #"{"receivedDateTime":"2026-11-21T09:30:00Z","sender":"a@b.example"}"#)
        #expect(outcome.line?["sender"]?.stringValue == "a@b.example")
    }

    @Test func overlappingPathsAreRefusedWhenPlanned() throws {
        let schema = DatasetSchema(
            name: "overlap", version: 1, collection: GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 10),
            columns: [
                Column(
                    name: "from", type: .json, source: .graph(JSONPath(parsing: "from")!),
                    personal: .nested([
                        NestedPersonalData(path: JSONPath(parsing: "emailAddress")!, kind: nil),
                        NestedPersonalData(path: JSONPath(parsing: "emailAddress.address")!, kind: .email),
                    ]))
            ])
        #expect(throws: TransformError.self) {
            _ = try ProjectionPlan(schema: schema, modes: [.email: .hash], pseudonymizer: Pseudonymizer(key: "0123456789abcdef-test-key"))
        }
    }
}
