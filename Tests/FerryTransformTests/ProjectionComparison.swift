import FerryCore
import Testing

@testable import FerryTransform

/// What projecting one record gave: the line parsed back, its partition, or the error.
struct ProjectionOutcome: Equatable, CustomStringConvertible {
    var line: JSONValue?
    var partitionDate: String?
    var error: ProjectionError?

    var description: String {
        if let error { return "error: \(error)" }
        var text: [UInt8] = []
        if let line { JSONWriter.write(line, into: &text) }
        return "\(partitionDate ?? "no partition") \(String(decoding: text, as: UTF8.self))"
    }
}

/// Projects records both ways, the generic path (`JSONParser`, `RecordTransformer`, then what
/// `LineFormat.encode` writes) and `LineProjector`, and expects the same outcome: the same JSON line,
/// and byte for byte the same CSV line and change-feed line (with its `_change` column).
struct ProjectionComparison {
    let plan: ProjectionPlan
    let transformer: RecordTransformer
    let projector: LineProjector
    /// The same projection writing CSV lines of a change feed: the schema's columns, then `_change`.
    let csvChanges: LineProjector
    private let prefixes: [[UInt8]]

    init(_ plan: ProjectionPlan, tenant: String = "tenant-1") {
        self.plan = plan
        transformer = RecordTransformer(plan: plan, tenant: tenant)
        projector = LineProjector(plan: plan, tenant: tenant)
        csvChanges = LineProjector(plan: plan, tenant: tenant, format: .csv, extraColumns: ["_change"])
        prefixes = JSONWriter.keyPrefixes(plan.columnNames)
    }

    /// Expects the CSV change-feed line of item `index` to be exactly what the generic path's values
    /// encode to, and a refused record to be refused with the same error.
    func expectCSVAgreement(
        item index: Int, of scan: JSONPageScan, in body: [UInt8], user: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let items = try #require(scan.items, sourceLocation: sourceLocation)
        let record = try JSONParser.parse(Array(body[items[index]]))
        var expected: [UInt8] = []
        var expectedError: ProjectionError?
        do {
            let projected = try transformer.project(record, user: user)
            LineFormat(.csv, columns: plan.columnNames + ["_change"]).encode(projected.values + [.string("upsert")], into: &expected)
        } catch {
            expectedError = error
        }
        var actual: [UInt8] = []
        do {
            _ = try csvChanges.appendLine(item: index, of: scan, in: body, user: user, extras: [.string("upsert")], to: &actual)
            #expect(expectedError == nil, "the CSV path accepted a record the generic path refuses", sourceLocation: sourceLocation)
        } catch {
            #expect(error == expectedError, sourceLocation: sourceLocation)
        }
        #expect(
            actual == expected,
            "\(String(decoding: actual, as: UTF8.self)) != \(String(decoding: expected, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    init(
        _ schema: DatasetSchema, modes: [PersonalDataKind: PseudonymMode], columns: [String: PseudonymMode] = [:],
        key: String = "0123456789abcdef-test-key"
    ) throws {
        self.init(try ProjectionPlan(schema: schema, modes: modes, columnModes: columns, pseudonymizer: Pseudonymizer(key: key)))
    }

    /// The generic path's outcome for the record whose bytes are `body[item]`.
    func generic(_ item: Range<Int>, in body: [UInt8], user: String?) throws -> ProjectionOutcome {
        let record = try JSONParser.parse(Array(body[item]))
        do {
            let projected = try transformer.project(record, user: user)
            var line: [UInt8] = []
            if prefixes.isEmpty { line.append(UInt8(ascii: "{")) }
            for (prefix, value) in zip(prefixes, projected.values) {
                line += prefix
                JSONWriter.write(value, into: &line)
            }
            line.append(UInt8(ascii: "}"))
            return ProjectionOutcome(line: try JSONParser.parse(line), partitionDate: projected.partitionDate)
        } catch let error as ProjectionError {
            return ProjectionOutcome(error: error)
        }
    }

    /// The fast path's outcome through both of its entry points, which must write the same bytes; checks
    /// that a line is one line appended after what `out` held, and that a failure leaves `out` alone.
    func fast(
        item index: Int, of scan: JSONPageScan, in body: [UInt8], user: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (outcome: ProjectionOutcome, bytes: [UInt8]) {
        let items = try #require(scan.items, sourceLocation: sourceLocation)
        let earlier: [UInt8] = Array("{\"earlier\":1}\n".utf8)
        var byRange = earlier
        var byIndex = earlier
        var outcome = ProjectionOutcome()
        do {
            outcome.partitionDate = try projector.appendLine(of: items[index], in: body, user: user, to: &byRange)
        } catch {
            outcome.error = error
        }
        do {
            let date = try projector.appendLine(item: index, of: scan, in: body, user: user, to: &byIndex)
            #expect(outcome.error == nil && date == outcome.partitionDate, sourceLocation: sourceLocation)
        } catch {
            #expect(error == outcome.error, sourceLocation: sourceLocation)
        }
        #expect(byRange == byIndex, "the two entry points wrote different lines", sourceLocation: sourceLocation)
        #expect(Array(byRange.prefix(earlier.count)) == earlier, sourceLocation: sourceLocation)
        let line = Array(byRange.dropFirst(earlier.count))
        if outcome.error != nil {
            #expect(line.isEmpty, "a refused record left bytes behind", sourceLocation: sourceLocation)
            return (outcome, line)
        }
        #expect(line.last == UInt8(ascii: "\n"), sourceLocation: sourceLocation)
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")) && !line.contains(UInt8(ascii: "\r")), sourceLocation: sourceLocation)
        #expect(String(validating: line, as: UTF8.self) != nil, "the line is not UTF-8", sourceLocation: sourceLocation)
        outcome.line = try JSONParser.parse(Array(line.dropLast()))
        return (outcome, line)
    }

    /// Expects both paths to agree on every item of a page; returns the fast path's bytes and how many
    /// records were compared.
    @discardableResult
    func expectAgreement(onPage body: [UInt8], user: String?, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (bytes: [UInt8], records: Int)
    {
        let scan = try JSONPageScan.scan(body)
        let items = try #require(scan.items, "the page has no items", sourceLocation: sourceLocation)
        var bytes: [UInt8] = []
        for index in items.indices {
            let expected = try generic(items[index], in: body, user: user)
            let (actual, line) = try fast(item: index, of: scan, in: body, user: user, sourceLocation: sourceLocation)
            #expect(actual == expected, "\(String(decoding: body[items[index]], as: UTF8.self))", sourceLocation: sourceLocation)
            try expectCSVAgreement(item: index, of: scan, in: body, user: user, sourceLocation: sourceLocation)
            bytes += line
        }
        return (bytes, items.count)
    }

    /// Expects both paths to agree on one hand-written record, and returns the outcome.
    @discardableResult
    func expectAgreement(onRecord text: String, user: String? = "user-1", sourceLocation: SourceLocation = #_sourceLocation)
        throws -> ProjectionOutcome
    {
        try expectAgreement(onRecordBytes: Array(text.utf8), user: user, sourceLocation: sourceLocation)
    }

    @discardableResult
    func expectAgreement(onRecordBytes record: [UInt8], user: String? = "user-1", sourceLocation: SourceLocation = #_sourceLocation)
        throws -> ProjectionOutcome
    {
        let body = Array(#"{"value":["#.utf8) + record + Array("]}".utf8)
        let scan = try JSONPageScan.scan(body)
        let item = try #require(scan.items?.first, sourceLocation: sourceLocation)
        let expected = try generic(item, in: body, user: user)
        let (actual, _) = try fast(item: 0, of: scan, in: body, user: user, sourceLocation: sourceLocation)
        #expect(actual == expected, sourceLocation: sourceLocation)
        try expectCSVAgreement(item: 0, of: scan, in: body, user: user, sourceLocation: sourceLocation)
        return actual
    }
}

/// Mode settings the projection tests run under.
enum ModeSettings: String, CaseIterable, Sendable {
    /// What a pipeline gets without a `modes:` section: addresses and names hashed, free text dropped.
    case defaults
    case keepEverything
    case keepDomains
    case redactEverything
    case dropEverything
    /// Defaults, with single columns set otherwise.
    case columnOverrides

    var modes: [PersonalDataKind: PseudonymMode] {
        switch self {
        case .defaults, .columnOverrides:
            Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, PseudonymMode.defaultMode(for: $0)) })
        case .keepEverything: Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, .keep) })
        case .keepDomains:
            [.email: .hashKeepDomain, .name: .redact, .text: .keep, .identifier: .hash, .phone: .hashKeepDomain, .externalId: .drop]
        case .redactEverything: Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, .redact) })
        case .dropEverything: Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, .drop) })
        }
    }

    /// Overrides for `schema`: its first nested column dropped, the second kept whole, the first text
    /// column kept, the first e-mail column hashed keeping its domain, the user column hashed.
    func columns(of schema: DatasetSchema) -> [String: PseudonymMode] {
        guard self == .columnOverrides else { return [:] }
        var overrides: [String: PseudonymMode] = [:]
        let nested = schema.columns.filter { if case .nested = $0.personal { true } else { false } }
        if let first = nested.first { overrides[first.name] = .drop }
        if nested.count > 1 { overrides[nested[1].name] = .keep }
        if let text = schema.columns.first(where: { $0.personal == .value(.text) }) { overrides[text.name] = .keep }
        if let email = schema.columns.first(where: { $0.personal == .value(.email) }) { overrides[email.name] = .hashKeepDomain }
        if let user = schema.columns.first(where: { $0.source == .user }) { overrides[user.name] = .hash }
        return overrides
    }
}
