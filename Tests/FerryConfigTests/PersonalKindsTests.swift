import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// The kinds of personal data in pipelines and schema files: phone numbers and external ids have their own
/// modes, and nested columns say what is not personal (`none`) and what everything else is (`"*"`).
@Suite struct PersonalKindsTests {
    static let pseudonymized = Fixture.minimal + """

        transform:
          pseudonymize:
            key: ${PSEUDONYM_KEY}
            modes:
        """

    @Test func phoneAndExternalIdModesAreRead() throws {
        let pipeline = try Fixture.load(Self.pseudonymized + "\n      phone: redact\n      external_id: keep\n")
        let modes = try #require(pipeline.pseudonymize?.modes)
        #expect(modes[.phone] == .redact)
        #expect(modes[.externalId] == .keep)
        #expect(modes[.identifier] == .keep && modes[.email] == .hash)
    }

    @Test func aMisspelledKindGetsADidYouMean() throws {
        let messages = try Fixture.messages(Self.pseudonymized + "\n      phones: redact\n")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("'phones'") == true && messages.first?.contains("did you mean 'phone'?") == true)
    }

    /// The catalog of one schema whose json column `from` has `personal` (its entries, indented), or the
    /// messages of the errors reading it.
    static func catalog(_ personal: String) throws -> (catalog: SchemaCatalog?, errors: [String]) {
        let fixture = try Fixture()
        _ = try fixture.write(
            "schemas/things.yaml",
            """
            dataset: things
            version: 1
            collection:
              path: /things
              fanout: tenant
              max_page_size: 10
            columns:
              - name: from
                type: json
                personal:
            """ + "\n" + personal)
        do {
            return (try SchemaCatalog(directory: fixture.directory.appendingPathComponent("schemas")), [])
        } catch let error as ConfigErrors {
            return (nil, error.diagnostics.map(\.message))
        }
    }

    @Test func nestedColumnsNameWhatIsNotPersonalAndWhatElseIs() throws {
        let catalog = try #require(
            try Self.catalog(
                """
                      emailAddress.address: email
                      emailAddress.type: none
                      "*": phone
                """
            ).catalog)
        let column = try #require(catalog.schema(named: "things")?.column(named: "from"))
        #expect(
            column.personal == .nested(
                [
                    NestedPersonalData(path: try #require(JSONPath(parsing: "emailAddress.address")), kind: .email),
                    NestedPersonalData(path: try #require(JSONPath(parsing: "emailAddress.type")), kind: nil),
                ], other: .phone))
        // Without "*", everything else inside is free text.
        let plain = try #require(try Self.catalog("      emailAddress.address: email").catalog)
        guard case .nested(_, let other)? = plain.schema(named: "things")?.column(named: "from")?.personal else {
            Issue.record("no nested personal data")
            return
        }
        #expect(other == .text)
    }

    @Test func badNestedEntriesAreExplained() throws {
        let messages = try Self.catalog(
            """
                  emailAddress: none
                  emailAddress.address: email
                  emailAddress.name: nonee
                  "*": none
            """
        ).errors
        #expect(
            messages.contains(
                "'columns[0].personal' marks 'emailAddress.address' and 'emailAddress', which overlap: a path may not end "
                    + "where another ends or passes; mark either the whole value or the values inside it"), "\(messages)")
        #expect(messages.contains { $0.contains("'columns[0].personal.emailAddress.name'") && $0.contains("did you mean 'none'?") })
        #expect(messages.contains { $0.contains("'columns[0].personal.*' must be one of email, name, text, identifier, phone, external_id,") })
        let alone = try Self.catalog("      \"*\": name").errors
        #expect(alone.contains { $0.contains("must map at least one path to a kind") }, "\(alone)")
    }
}
