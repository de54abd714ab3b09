/// The adjusted Rand index of two labelings of the same items (Hubert and Arabie 1985): 1 for the
/// same partition, about 0 for independent ones.
public enum AdjustedRandIndex {
    public static func compute<A: Hashable, B: Hashable>(_ first: [A], _ second: [B]) -> Double {
        precondition(first.count == second.count, "both labelings must cover the same items")
        func pairs(_ count: Int) -> Double { Double(count) * Double(count - 1) / 2 }
        var joint: [Pair<A, B>: Int] = [:]
        var rows: [A: Int] = [:]
        var columns: [B: Int] = [:]
        for (a, b) in zip(first, second) {
            joint[Pair(a: a, b: b), default: 0] += 1
            rows[a, default: 0] += 1
            columns[b, default: 0] += 1
        }
        let index = joint.values.reduce(0) { $0 + pairs($1) }
        let rowSum = rows.values.reduce(0) { $0 + pairs($1) }
        let columnSum = columns.values.reduce(0) { $0 + pairs($1) }
        let expected = rowSum * columnSum / pairs(first.count)
        let maximum = (rowSum + columnSum) / 2
        guard maximum != expected else { return 1 }
        return (index - expected) / (maximum - expected)
    }

    private struct Pair<X: Hashable, Y: Hashable>: Hashable {
        let a: X
        let b: Y
    }
}
