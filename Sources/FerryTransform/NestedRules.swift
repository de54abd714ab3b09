import FerryCore

/// The nested pseudonymization rules of every column, as trees of paths for rewriting a nested value
/// while copying it: `[].emailAddress.address` and `[].emailAddress.name` share their first two steps.
///
/// Nodes are plain values in one array, so walking them on the hot path costs no reference counting.
struct NestedRules {
    struct Node {
        /// The key table (in the `KeyDirectory`) of the keys some rule goes into, or -1.
        var keys: Int
        /// The node for each of those keys, in table order, as positions in `children`.
        var children: Range<Int>
        /// The node for every element of an array, or -1.
        var each: Int
        /// What happens to the value a rule ends at, when one ends here.
        var leaf: PseudonymMode?
        var kind: PersonalDataKind
    }

    private(set) var nodes: [Node] = []
    private(set) var children: [Int] = []

    /// Adds the tree of one column's rules and returns its root; nil when one rule's path ends where
    /// another's passes or ends too, since the generic path applies such rules one after the other and
    /// their order then matters.
    mutating func add(
        _ rules: [(path: JSONPath, kind: PersonalDataKind, mode: PseudonymMode)], keys directory: inout KeyDirectory
    ) -> Int? {
        struct Draft {
            var keys: [String] = []
            var children: [Int] = []
            var each: Int?
            var leaf: (kind: PersonalDataKind, mode: PseudonymMode)?
        }
        var drafts = [Draft()]
        for rule in rules {
            var node = 0
            for segment in rule.path.segments {
                guard drafts[node].leaf == nil else { return nil }
                switch segment {
                case .key(let key):
                    if let position = drafts[node].keys.firstIndex(of: key) {
                        node = drafts[node].children[position]
                    } else {
                        drafts.append(Draft())
                        drafts[node].keys.append(key)
                        drafts[node].children.append(drafts.count - 1)
                        node = drafts.count - 1
                    }
                case .eachElement:
                    if let each = drafts[node].each {
                        node = each
                    } else {
                        drafts.append(Draft())
                        drafts[node].each = drafts.count - 1
                        node = drafts.count - 1
                    }
                }
            }
            guard drafts[node].leaf == nil, drafts[node].keys.isEmpty, drafts[node].each == nil else { return nil }
            drafts[node].leaf = (rule.kind, rule.mode)
        }
        let base = nodes.count
        for draft in drafts {
            let start = children.count
            children.append(contentsOf: draft.children.map { base + $0 })
            nodes.append(
                Node(
                    keys: draft.keys.isEmpty ? -1 : directory.add(draft.keys), children: start..<children.count,
                    each: draft.each.map { base + $0 } ?? -1, leaf: draft.leaf?.mode, kind: draft.leaf?.kind ?? .text))
        }
        return base
    }
}
