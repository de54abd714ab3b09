import FerryCore

/// A record projected onto its schema: one value per planned column, and its partition.
public struct ProjectedRecord: Sendable {
    public var values: [JSONValue]
    /// The UTC date of the schema's date column (`2026-11-21`), or `nil` for snapshot datasets.
    public var partitionDate: String?
}

/// Projects Graph records onto a schema and pseudonymizes their personal data.
///
/// One per worker: it owns a pseudonym cache, so it is a class and not shared between tasks.
public final class RecordTransformer {
    public let plan: ProjectionPlan
    private let tenant: String
    private let cache: PseudonymCache?

    public init(plan: ProjectionPlan, tenant: String) {
        self.plan = plan
        self.tenant = tenant
        self.cache = plan.pseudonymizer.map { PseudonymCache(pseudonymizer: $0) }
    }

    /// Projects one Graph object read for `user` (nil for tenant-wide collections).
    public func project(_ record: JSONValue, user: String?) throws(ProjectionError) -> ProjectedRecord {
        guard case .object(let members) = record else {
            throw ProjectionError(column: nil, reason: "the record is not a JSON object")
        }
        var raws = [JSONValue](repeating: .null, count: plan.columns.count)
        for member in members {
            guard let targets = plan.columnsByProperty[member.key] else { continue }
            for target in targets {
                raws[target.column] = target.rest.map { member.value.value(at: $0) ?? .null } ?? member.value
            }
        }
        var values: [JSONValue] = []
        values.reserveCapacity(plan.columns.count)
        var partitionDate: String?
        for (index, column) in plan.columns.enumerated() {
            let raw: JSONValue
            switch column.source {
            case .graph: raw = raws[index]
            case .user: raw = user.map(JSONValue.string) ?? .null
            case .tenant: raw = .string(tenant)
            }
            values.append(try finish(raw, column: index, partitionDate: &partitionDate))
        }
        return ProjectedRecord(values: values, partitionDate: partitionDate)
    }

    /// Types, dates and pseudonymizes the raw value of the column at `index`: the per-column half of
    /// `project`, which `JSONLineProjector` calls for values its fast path leaves alone.
    func finish(_ raw: JSONValue, column index: Int, partitionDate: inout String?) throws(ProjectionError) -> JSONValue {
        let column = plan.columns[index]
        var value: JSONValue
        do {
            value = try ValueConversion.convert(raw, to: column.type)
        } catch {
            throw ProjectionError(column: column.name, reason: error.reason)
        }
        if index == plan.dateColumnIndex {
            guard case .string(let stamp) = value else {
                throw ProjectionError(column: column.name, reason: "the date column is missing; the record has no partition")
            }
            partitionDate = String(stamp.prefix(10))
        }
        if let whole = column.whole {
            value = apply(whole.mode, kind: whole.kind, to: value)
        }
        for rule in column.nested {
            value = apply(rule.mode, kind: rule.kind, at: rule.path.segments[...], in: value)
        }
        return value
    }

    private func apply(_ mode: PseudonymMode, kind: PersonalDataKind, to value: JSONValue) -> JSONValue {
        switch (mode, value) {
        case (.keep, _), (_, .null):
            return value
        case (.redact, _), (.drop, _):
            return .null
        case (.hash, .string(let text)), (.hashKeepDomain, .string(let text)):
            return .string(pseudonym(of: text, kind: kind, keepDomain: mode == .hashKeepDomain))
        case (.hash, .array(let elements)), (.hashKeepDomain, .array(let elements)):
            return .array(elements.map { apply(mode, kind: kind, to: $0) })
        case (.hash, _), (.hashKeepDomain, _):
            // A number or flag marked personal: hash its JSON text so it still joins.
            var text: [UInt8] = []
            JSONWriter.write(value, into: &text)
            return .string(pseudonym(of: String(decoding: text, as: UTF8.self), kind: kind, keepDomain: false))
        }
    }

    /// Applies a mode to the values at a nested path; `drop` removes the property itself.
    private func apply(
        _ mode: PseudonymMode, kind: PersonalDataKind, at path: ArraySlice<JSONPath.Segment>, in value: JSONValue
    ) -> JSONValue {
        guard let segment = path.first else { return apply(mode, kind: kind, to: value) }
        switch (segment, value) {
        case (.eachElement, .array(let elements)):
            return .array(elements.map { apply(mode, kind: kind, at: path.dropFirst(), in: $0) })
        case (.key(let key), .object(var members)):
            // Every member with the key: an object that repeats a key must not let its second value out raw.
            if path.count == 1 && mode == .drop {
                members.removeAll { $0.key == key }
            } else {
                for position in members.indices where members[position].key == key {
                    members[position].value = apply(mode, kind: kind, at: path.dropFirst(), in: members[position].value)
                }
            }
            return .object(members)
        default:
            return value
        }
    }

    private func pseudonym(of text: String, kind: PersonalDataKind, keepDomain: Bool) -> String {
        // The plan refuses hashing modes without a key, so a cache exists whenever we get here.
        cache?.pseudonym(of: text, kind: kind, keepDomain: keepDomain) ?? ""
    }
}
