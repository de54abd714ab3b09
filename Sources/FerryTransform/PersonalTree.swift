import FerryCore

/// The personal paths of one nested column as a tree, for walking a value once: `[].emailAddress.address`
/// and `[].emailAddress.name` share their first two steps. The generic path walks it over `JSONValue`s;
/// `NestedRules` is the same tree in flat arrays for the byte-level path.
indirect enum PersonalTree: Sendable {
    /// A path ends here: personal data of `kind` under `mode`, or (kind nil) a value known to hold none.
    case leaf(kind: PersonalDataKind?, mode: PseudonymMode)
    /// A path goes on: into the object's members named in `keys`, or into every element of an array.
    case branch(keys: [String: PersonalTree], each: PersonalTree?)

    /// The tree of `paths`; throws when one path ends where another passes or ends too, since the value
    /// there would be both whole and walked into.
    static func build(
        _ paths: [(path: JSONPath, kind: PersonalDataKind?, mode: PseudonymMode)], column: String, dataset: String
    ) throws(TransformError) -> PersonalTree {
        var root = PersonalTree.branch(keys: [:], each: nil)
        for entry in paths {
            guard !entry.path.segments.isEmpty,
                root.inserting(entry.path.segments[...], leaf: .leaf(kind: entry.kind, mode: entry.mode))
            else {
                throw TransformError.overlappingPaths(entry.path, column: column, dataset: dataset)
            }
        }
        return root
    }

    /// Adds `leaf` at `path`; false when the path runs into or through another path's end.
    private mutating func inserting(_ path: ArraySlice<JSONPath.Segment>, leaf: PersonalTree) -> Bool {
        guard case .branch(var keys, var each) = self else { return false }
        guard let segment = path.first else { return false }
        let rest = path.dropFirst()
        switch segment {
        case .key(let key):
            if rest.isEmpty {
                guard keys[key] == nil else { return false }
                keys[key] = leaf
            } else {
                var child = keys[key] ?? .branch(keys: [:], each: nil)
                guard child.inserting(rest, leaf: leaf) else { return false }
                keys[key] = child
            }
        case .eachElement:
            if rest.isEmpty {
                guard each == nil else { return false }
                each = leaf
            } else {
                var child = each ?? .branch(keys: [:], each: nil)
                guard child.inserting(rest, leaf: leaf) else { return false }
                each = child
            }
        }
        self = .branch(keys: keys, each: each)
        return true
    }

    /// What a value must be at this node, for refusals: "an object", "an array", ...
    var expectedShape: String {
        switch self {
        case .leaf: "a string, number, boolean or null"
        case .branch(let keys, let each):
            switch (keys.isEmpty, each == nil) {
            case (false, false): "an object or an array"
            case (true, false): "an array"
            default: "an object"
            }
        }
    }

    /// The refusal of a value of the wrong shape at `path` inside `column`. Never the value itself.
    static func shapeError(column: String, path: [JSONPath.Segment], found: JSONValue, expected: String) -> ProjectionError {
        let place = path.isEmpty ? "the value" : "'\(JSONPath(segments: path))'"
        return ProjectionError(
            column: column,
            reason: "personal data of an unexpected shape: \(place) is \(found.kindDescription) where the schema expects \(expected); "
                + "the record is quarantined rather than written with it in clear (if Graph now sends this shape, "
                + "describe it in the column's personal paths)")
    }
}
