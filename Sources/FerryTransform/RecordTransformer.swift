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

    /// The values of a change feed's deletion of `id` read for `user`: the `id` column, the user's and
    /// the tenant's, finished (so pseudonymized) like any record's; every other column null. A value
    /// that cannot be finished is null, never raw.
    public func deletion(id: String, user: String?) -> [JSONValue] {
        var ignored: String?
        return plan.columns.enumerated().map { index, column in
            let raw: JSONValue
            switch column.source {
            case .user: raw = user.map(JSONValue.string) ?? .null
            case .tenant: raw = .string(tenant)
            case .graph(let path): raw = path == Self.idPath ? .string(id) : .null
            }
            if raw == .null { return .null }
            return (try? finish(raw, column: index, partitionDate: &ignored)) ?? .null
        }
    }

    private static let idPath = JSONPath(segments: [.key("id")])

    /// Types, dates and pseudonymizes the raw value of the column at `index`: the per-column half of
    /// `project`, which `LineProjector` calls for values its fast path leaves alone.
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
        if let nested = column.nested {
            var path: [JSONPath.Segment] = []
            value = try rewrite(value, node: nested.tree, other: nested.other, column: column.name, path: &path)
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
            // A number, flag or object marked personal: hash its JSON text so it still joins.
            var text: [UInt8] = []
            JSONWriter.write(value, into: &text)
            return .string(pseudonym(of: String(decoding: text, as: UTF8.self), kind: kind, keepDomain: false))
        }
    }

    /// Walks a nested value along its column's tree of paths. A member at none of the paths is personal
    /// data of the column's other kind (`drop` removes it, as it removes a member a path ends at); a value
    /// of another shape than the tree expects refuses the record. `path` is where the walk is, for refusals.
    private func rewrite(
        _ value: JSONValue, node: PersonalTree, other: (kind: PersonalDataKind, mode: PseudonymMode), column: String,
        path: inout [JSONPath.Segment]
    ) throws(ProjectionError) -> JSONValue {
        switch (node, value) {
        case (.leaf(let kind?, let mode), _):
            return apply(mode, kind: kind, to: value)
        case (.leaf(nil, _), .object), (.leaf(nil, _), .array):
            throw PersonalTree.shapeError(column: column, path: path, found: value, expected: node.expectedShape)
        case (.leaf(nil, _), _), (.branch, .null):
            return value
        case (.branch(let keys, _), .object(let members)) where !keys.isEmpty:
            var written: [(key: String, value: JSONValue)] = []
            written.reserveCapacity(members.count)
            for member in members {
                guard let child = keys[member.key] else {
                    if other.mode != .drop { written.append((member.key, apply(other.mode, kind: other.kind, to: member.value))) }
                    continue
                }
                // `drop` removes the member itself.
                if case .leaf(_?, .drop) = child { continue }
                path.append(.key(member.key))
                written.append((member.key, try rewrite(member.value, node: child, other: other, column: column, path: &path)))
                path.removeLast()
            }
            return .object(written)
        case (.branch(_, let each?), .array(let elements)):
            var written: [JSONValue] = []
            written.reserveCapacity(elements.count)
            path.append(.eachElement)
            for element in elements {
                written.append(try rewrite(element, node: each, other: other, column: column, path: &path))
            }
            path.removeLast()
            return .array(written)
        case (.branch, _):
            throw PersonalTree.shapeError(column: column, path: path, found: value, expected: node.expectedShape)
        }
    }

    private func pseudonym(of text: String, kind: PersonalDataKind, keepDomain: Bool) -> String {
        // The plan refuses hashing modes without a key, so a cache exists whenever we get here.
        cache?.pseudonym(of: text, kind: kind, keepDomain: keepDomain) ?? ""
    }
}
