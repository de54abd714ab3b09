import FerryCore

/// The nested pseudonymization rules of every column, as trees of paths for rewriting a nested value
/// while copying it: `[].emailAddress.address` and `[].emailAddress.name` share their first two steps.
/// The byte-level twin of `PersonalTree`, which the plan has already checked for overlapping paths.
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
        /// A rule ends here at a value known to hold no personal data: kept, and refused unless a scalar.
        var isPublic: Bool
        /// The column's mode and kind for members at none of its paths.
        var otherMode: PseudonymMode
        var otherKind: PersonalDataKind
    }

    private(set) var nodes: [Node] = []
    private(set) var children: [Int] = []

    /// Adds the tree of one column's plan and returns its root.
    mutating func add(_ plan: ProjectionPlan.NestedPlan, keys directory: inout KeyDirectory) -> Int {
        let base = nodes.count
        var pending: [(tree: PersonalTree, node: Int)] = [(plan.tree, base)]
        nodes.append(placeholder(plan))
        while let (tree, index) = pending.popLast() {
            switch tree {
            case .leaf(let kind, let mode):
                nodes[index].leaf = mode
                nodes[index].kind = kind ?? .text
                nodes[index].isPublic = kind == nil
            case .branch(let keys, let each):
                // Sorted, so that the same plan gives the same arrays.
                let names = keys.keys.sorted()
                if !names.isEmpty {
                    nodes[index].keys = directory.add(names)
                    let start = children.count
                    for name in names {
                        nodes.append(placeholder(plan))
                        children.append(nodes.count - 1)
                        pending.append((keys[name]!, nodes.count - 1))
                    }
                    nodes[index].children = start..<children.count
                }
                if let each {
                    nodes.append(placeholder(plan))
                    nodes[index].each = nodes.count - 1
                    pending.append((each, nodes.count - 1))
                }
            }
        }
        return base
    }

    private func placeholder(_ plan: ProjectionPlan.NestedPlan) -> Node {
        Node(
            keys: -1, children: 0..<0, each: -1, leaf: nil, kind: .text, isPublic: false, otherMode: plan.other.mode,
            otherKind: plan.other.kind)
    }
}
