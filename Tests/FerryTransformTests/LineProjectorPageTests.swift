import FerryCore
import Testing

@testable import FerryTransform

/// The fast path against the generic one on real simulator pages of every dataset, under every mode.
@Suite struct LineProjectorPageTests {
    static let datasets = ["messages", "sent_items", "events", "calendar_view", "contacts", "users", "groups"]

    @Test(arguments: datasets)
    func simulatorPagesProjectAsTheGenericPathDoes(_ dataset: String) async throws {
        let schema = try SchemaFiles.schema(dataset)
        try await SimulatedPages.with { graph in
            var pages = try await graph.pages(of: schema)
            if dataset == "messages" { pages += try await graph.pages(of: schema, select: false, users: 3) }
            var records = 0
            for settings in ModeSettings.allCases {
                let comparison = try ProjectionComparison(schema, modes: settings.modes, columns: settings.columns(of: schema))
                for page in pages {
                    records += try comparison.expectAgreement(onPage: page.body, user: page.user).records
                }
            }
            #expect(records >= ModeSettings.allCases.count * 2, "too few records to compare: \(records)")
        }
    }

    /// The same simulator records in other spellings (white space, escapes, integers with an exponent,
    /// keys written twice): under every mode both paths write the same line, and under the defaults no
    /// address, name or overridden decoy ("zq…") reaches it.
    @Test(arguments: datasets)
    func respelledSimulatorRecordsProjectAsTheGenericPathDoes(_ dataset: String) async throws {
        let schema = try SchemaFiles.schema(dataset)
        try await SimulatedPages.with { graph in
            var respeller = Respeller(seed: UInt64(dataset.utf8.count) &* 104_729)
            var records: [(bytes: [UInt8], user: String?, personal: Set<String>)] = []
            for page in try await graph.pages(of: schema) {
                let scan = try JSONPageScan.scan(page.body)
                for item in scan.items ?? [] {
                    let record = try JSONParser.parse(Array(page.body[item]))
                    var personal: Set<String> = []
                    collectPersonalValues(record, into: &personal)
                    for _ in 0..<4 { records.append((respeller.bytes(of: record), page.user, personal)) }
                }
            }
            #expect(records.count >= 8, "too few records to respell: \(records.count)")
            for settings in ModeSettings.allCases {
                let comparison = try ProjectionComparison(schema, modes: settings.modes, columns: settings.columns(of: schema))
                for record in records {
                    let outcome = try comparison.expectAgreement(onRecordBytes: record.bytes, user: record.user)
                    guard settings == .defaults, let line = outcome.line else { continue }
                    var written: [UInt8] = []
                    JSONWriter.write(line, into: &written)
                    let text = String(decoding: written, as: UTF8.self)
                    #expect(!text.contains("zq-decoy") && !text.contains("zq decoy"), "\(dataset): a decoy in \(text)")
                    for value in record.personal {
                        #expect(!text.lowercased().contains(value.lowercased()), "\(dataset): '\(value)' appears in \(text)")
                    }
                }
            }
        }
    }

    @Test func truncatedSimulatorPagesFailWhereTheParserFails() async throws {
        let schema = try SchemaFiles.schema("messages")
        try await SimulatedPages.with { graph in
            let page = try #require(try await graph.pages(of: schema, select: false, users: 1).first).body
            var cuts = 0
            for length in stride(from: 0, to: page.count, by: 7) {
                let cut = Array(page[..<length])
                let parsed = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(cut) }
                let scanned = Result { () throws(JSONParseError) -> JSONPageScan in try JSONPageScan.scan(cut) }
                guard case .failure(let expected) = parsed, case .failure(let actual) = scanned else {
                    Issue.record("a page cut to \(length) of \(page.count) bytes was accepted")
                    continue
                }
                #expect(actual == expected)
                cuts += 1
            }
            #expect(cuts > 100)
        }
    }

    @Test func hashedOutputHoldsNoRawAddressOrName() async throws {
        try await SimulatedPages.with { graph in
            for dataset in ["messages", "sent_items", "events", "calendar_view", "contacts", "users", "groups"] {
                let schema = try SchemaFiles.schema(dataset)
                let comparison = try ProjectionComparison(schema, modes: ModeSettings.defaults.modes)
                var raw: Set<String> = []
                var output: [UInt8] = []
                for page in try await graph.pages(of: schema) {
                    collectPersonalValues(try JSONParser.parse(page.body), into: &raw)
                    output += try comparison.expectAgreement(onPage: page.body, user: page.user).bytes
                }
                #expect(raw.count > 3, "\(dataset): the pages hold too few addresses and names to check")
                let text = String(decoding: output, as: UTF8.self).lowercased()
                for value in raw {
                    #expect(!text.contains(value.lowercased()), "\(dataset): '\(value)' appears in the output")
                }
            }
        }
    }

    /// Every e-mail address and person's name in a Graph value: `address` and `name` inside an
    /// `emailAddress`, `mail`, `userPrincipalName`, `displayName`, `givenName` and `surname`.
    private func collectPersonalValues(_ value: JSONValue, into values: inout Set<String>) {
        switch value {
        case .object(let members):
            for member in members {
                switch (member.key, member.value) {
                case ("address", .string(let text)) where text.contains("@"), ("mail", .string(let text)),
                    ("userPrincipalName", .string(let text)):
                    values.insert(text)
                case ("name", .string(let text)), ("displayName", .string(let text)), ("givenName", .string(let text)),
                    ("surname", .string(let text)):
                    // Short single words could turn up inside other text by chance.
                    if text.count >= 6 { values.insert(text) }
                default:
                    collectPersonalValues(member.value, into: &values)
                }
            }
        case .array(let elements):
            for element in elements { collectPersonalValues(element, into: &values) }
        default:
            break
        }
    }
}
