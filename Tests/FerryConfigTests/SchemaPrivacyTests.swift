import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// No e-mail address or person's name leaves Ferry unmarked: pseudonymization can only hash what the
/// schemas mark, so every schema is scanned for columns and nested values that look like people.
@Suite struct SchemaPrivacyTests {
    /// Names that hold an address or a person's name, compared case-insensitively with the end of a key.
    static let suffixes = ["address", "addresses", "mail", "userPrincipalName", "displayName", "name", "givenName", "surname"]
        .map { $0.lowercased() }

    /// Paths from the record's root that look like people but are not, with the reason.
    static let notPeople = [
        "companyName": "an organization's name",
        "language.displayName": "a language's name: English (United States)",
        "workingHours.timeZone.name": "a time zone's name: Pacific Standard Time",
    ]

    static let catalog = Result { try SchemaCatalog(directory: Fixture.schemas) }

    static func looksLikePeople(_ key: String) -> Bool {
        let key = key.lowercased()
        return suffixes.contains { key.hasSuffix($0) }
    }

    @Test func everyColumnNamedLikeAnAddressOrANameIsPersonal() throws {
        let catalog = try Self.catalog.get()
        var scanned = 0
        for dataset in catalog.names {
            let schema = try #require(catalog.schema(named: dataset))
            for column in schema.columns {
                var keys = [column.name]
                if case .graph(let path) = column.source, case .key(let last)? = path.segments.last { keys.append(last) }
                guard keys.contains(where: Self.looksLikePeople), Self.notPeople[column.name] == nil else { continue }
                scanned += 1
                #expect(column.personal != nil, "\(dataset).\(column.name) looks like a person but is not marked personal")
                if column.type != .json && column.type != .array(.json) {
                    let whole = column.personal.map { if case .value = $0 { true } else { false } } ?? false
                    #expect(whole, "\(dataset).\(column.name): a \(column.type) column is personal as a whole")
                }
            }
        }
        #expect(scanned > 20)
    }

    /// Walks a Graph record shaped like each dataset's and checks every string in it whose key, or
    /// whose parent's key, looks like a person: the column must mark it (or a value around it).
    @Test(arguments: try catalog.get().names) func everyNestedAddressAndNameInAGraphRecordIsMarked(_ dataset: String) throws {
        let schema = try #require(try Self.catalog.get().schema(named: dataset))
        let record = try #require(SchemaSampleRecords.record(for: dataset), "no sample Graph record for \(dataset)")
        for column in schema.columns {
            guard case .graph(let path) = column.source else { continue }
            let value = try #require(record.value(at: path), "\(dataset).\(column.name): the record has no \(path)")
            if column.type == .json {
                #expect(!value.isNull, "\(dataset).\(column.name): the sample should exercise the nested value")
            }
            if case .nested(let marks, _) = column.personal {
                // Paths known to hold no personal data may be absent from a record (proposedNewTime).
                for mark in marks where mark.kind != nil {
                    #expect(
                        Self.hasValue(value.value(at: mark.path)),
                        "\(dataset).\(column.name): personal path \(mark.path) reaches nothing in a Graph record")
                }
            }
            for (leaf, keys) in Self.strings(in: value, at: []) {
                let full = JSONPath(segments: path.segments + leaf)
                let names = path.segments.compactMap { if case .key(let key) = $0 { key } else { nil } } + keys
                guard names.contains(where: Self.looksLikePeople),
                    Self.notPeople[full.description.replacingOccurrences(of: "[]", with: "")] == nil
                else { continue }
                #expect(
                    Self.covers(column.personal, leaf),
                    "\(dataset).\(column.name): \(full) holds a person's address or name but is not marked personal")
            }
        }
    }

    @Test func theScanFindsARecipientNameMarkedNotPersonal() throws {
        let recipients = Column(
            name: "toRecipients", type: .json, source: .graph(try #require(JSONPath(parsing: "toRecipients"))),
            personal: .nested([
                NestedPersonalData(path: try #require(JSONPath(parsing: "[].emailAddress.address")), kind: .email),
                NestedPersonalData(path: try #require(JSONPath(parsing: "[].emailAddress.name")), kind: nil),
            ]))
        let record = try #require(SchemaSampleRecords.record(for: "messages"))
        let value = try #require(record["toRecipients"])
        let unmarked = Self.strings(in: value, at: []).filter { !Self.covers(recipients.personal, $0.path) }
        #expect(unmarked.map { JSONPath(segments: $0.path).description } == ["[].emailAddress.name"])
    }

    /// Every string in `value`, with its path and the object keys along it.
    static func strings(
        in value: JSONValue, at path: [JSONPath.Segment]
    ) -> [(path: [JSONPath.Segment], keys: [String])] {
        switch value {
        case .string:
            return [(path, path.compactMap { if case .key(let key) = $0 { key } else { nil } })]
        case .array(let elements):
            var seen = Set<String>()
            return elements.flatMap { strings(in: $0, at: path + [.eachElement]) }
                .filter { seen.insert(JSONPath(segments: $0.path).description).inserted }
        case .object(let members):
            return members.flatMap { strings(in: $0.value, at: path + [.key($0.key)]) }
        case .null, .bool, .number:
            return []
        }
    }

    /// Whether `personal` marks the value at `path`, or a value it is inside. Inside a nested column every
    /// value at none of its paths is personal data of the column's other kind: only a path marked `none` is not.
    static func covers(_ personal: PersonalData?, _ path: [JSONPath.Segment]) -> Bool {
        switch personal {
        case .value?: true
        case .nested(let marks, _)?: !marks.contains { $0.kind == nil && path.starts(with: $0.path.segments) }
        case nil: false
        }
    }

    static func hasValue(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: false
        case .array(let elements)?: elements.contains(where: hasValue)
        default: true
        }
    }
}
