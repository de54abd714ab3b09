import FerryTestSupport
import FerryCore

@testable import FerryTransform


/// Graph records with personal columns of every shape: mostly as the schema describes them (so that
/// the known paths are reached), with values of the wrong shape, extra members, repeated keys and
/// whole random JSON mixed in at every depth.
///
/// Every string it puts in a personal column is a raw token (`zq17x@leak.example`, `Zq18x Person`):
/// "zq" is in no pseudonym (hex), no key and no column name, so any "zq" in an output line is a leak.
struct HostileShapes {
    static let marker = "zq"
    /// Object keys of random values: the keys personal paths use, and others. Never a token.
    static let keys = ["emailAddress", "address", "name", "displayName", "type", "status", "response", "extra", "x", "@odata.type", ""]
    /// The keys of random values: none that a path marked `none` ends at (`[].type`, `[].status.response`),
    /// where a string is kept by design, since the schema says that place holds no personal data.
    static let randomKeys = ["emailAddress", "address", "name", "displayName", "extra", "x", "@odata.type", ""]

    var random: SeededGenerator
    private var count = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// A record for `schema`: a value in every personal column, and a valid date column.
    mutating func record(for schema: DatasetSchema) throws -> JSONValue {
        var record = JSONValue.object([])
        if let date = schema.dateColumn, let column = schema.column(named: date), case .graph(let path) = column.source {
            record = setting(.string("2026-11-21T09:30:00Z"), at: path.segments[...], in: record)
        }
        for column in schema.columns {
            guard let personal = column.personal, case .graph(let path) = column.source else { continue }
            let value: JSONValue
            switch personal {
            case .value: value = chance(0.9) ? typed(column.type) : any(depth: 2)
            case .nested(let paths, _):
                let tree = try PersonalTree.build(
                    paths.map { (path: $0.path, kind: $0.kind, mode: PseudonymMode.hash) }, column: column.name, dataset: schema.name)
                value = following(tree, depth: 0)
            }
            record = setting(value, at: path.segments[...], in: record)
        }
        return record
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

    mutating func token() -> String {
        count += 1
        let core = "\(Self.marker)\(count)x"
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return core + "@leak.example"
        case 1: return "Zq\(count)x Person"
        case 2: return "  " + core.uppercased() + "@LEAK.example "
        default: return "+1 (425) " + core
        }
    }

    /// A value the column's type expects, holding tokens.
    private mutating func typed(_ type: ColumnType) -> JSONValue {
        switch type {
        case .array(let element):
            var elements: [JSONValue] = []
            for _ in 0..<Int.random(in: 0...3, using: &random) { elements.append(chance(0.85) ? typed(element) : any(depth: 1)) }
            return .array(elements)
        case .json: return any(depth: 2)
        default: return chance(0.9) ? .string(token()) : .null
        }
    }

    /// A value shaped as the tree describes, with mistakes and extras at every depth.
    private mutating func following(_ node: PersonalTree, depth: Int) -> JSONValue {
        switch node {
        case .leaf(nil, _):
            // A value known to hold no personal data: a harmless scalar, or a container that must be refused.
            switch Int.random(in: 0..<20, using: &random) {
            case 0: return .array([.string(token())])
            case 1: return .object([(key: "name", value: .string(token()))])
            case 2, 3: return .number(3)
            case 4, 5: return .null
            default: return .string("accepted")
            }
        case .leaf:
            return chance(0.75) ? .string(token()) : any(depth: 2)
        case .branch(let keys, let each):
            if chance(0.06) { return any(depth: 2) }
            if let each, keys.isEmpty || chance(0.5) {
                var elements: [JSONValue] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    elements.append(chance(0.95) ? following(each, depth: depth + 1) : any(depth: 1))
                }
                return .array(elements)
            }
            var members: [(key: String, value: JSONValue)] = []
            for (key, child) in keys.sorted(by: { $0.key < $1.key }) where chance(0.85) {
                members.append((key, following(child, depth: depth + 1)))
                // A repeated key: the second value must not slip through.
                if chance(0.05) { members.append((key, following(child, depth: depth + 1))) }
            }
            // Members at none of the paths. (A known key with a value of its own is a repeated key, above: a
            // string at a path marked none is kept by design.)
            let others = Self.keys.filter { keys[$0] == nil }
            while chance(0.25) {
                let key = others.randomElement(using: &random)!
                let value = any(depth: 2)
                members.insert((key, value), at: Int.random(in: 0...members.count, using: &random))
            }
            return .object(members)
        }
    }

    /// Any JSON value, strings all tokens.
    mutating func any(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &random) {
        case 0, 1: return .string(token())
        case 2: return .number(Double(Int.random(in: -5...5000, using: &random)))
        case 3: return .bool(chance(0.5))
        case 4: return .null
        case 5, 6:
            var members: [(key: String, value: JSONValue)] = []
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let key = Self.randomKeys.randomElement(using: &random)!
                members.append((key, any(depth: depth - 1)))
            }
            return .object(members)
        default:
            var elements: [JSONValue] = []
            for _ in 0..<Int.random(in: 0...3, using: &random) { elements.append(any(depth: depth - 1)) }
            return .array(elements)
        }
    }

    /// `record` with `value` at `path`, objects made on the way; `[]` wraps the value in an array.
    private func setting(_ value: JSONValue, at path: ArraySlice<JSONPath.Segment>, in record: JSONValue) -> JSONValue {
        guard let segment = path.first else { return value }
        switch segment {
        case .eachElement:
            return .array([setting(value, at: path.dropFirst(), in: .null)])
        case .key(let key):
            var members: [(key: String, value: JSONValue)] = []
            if case .object(let existing) = record { members = existing }
            if let position = members.firstIndex(where: { $0.key == key }) {
                members[position].value = setting(value, at: path.dropFirst(), in: members[position].value)
            } else {
                members.append((key, setting(value, at: path.dropFirst(), in: .null)))
            }
            return .object(members)
        }
    }
}
