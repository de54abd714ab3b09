/// Burt's constraint and effective size, as networkx computes them for a weighted directed graph.
///
/// Ties are mutual weights `a(u,v) = w(u->v) + w(v->u)` over all neighbours (in or out);
/// `p(u,v) = a(u,v) / sum_w a(u,w)`, `m(v,w) = a(v,w) / max_x a(v,x)`.
/// Constraint `c(u) = sum_v (p(u,v) + sum_w p(u,w) p(w,v))^2`; effective size
/// `e(u) = sum_v (1 - sum_w p(u,w) m(v,w))`. Nodes without out-edges get nil, as networkx gives NaN.
public enum Brokerage {
    public static func compute(_ directed: CompressedGraph) -> (constraint: [Double?], effectiveSize: [Double?]) {
        let mutual = directed.symmetrized()
        let n = directed.nodeCount
        var total = Array(repeating: 0.0, count: n)
        var largest = Array(repeating: 0.0, count: n)
        for node in 0..<n {
            for slot in mutual.neighbours(of: node) {
                total[node] += mutual.weights[slot]
                largest[node] = max(largest[node], mutual.weights[slot])
            }
        }
        func p(_ slot: Int, of node: Int) -> Double { total[node] == 0 ? 0 : mutual.weights[slot] / total[node] }
        var constraint = Array(repeating: Double?.none, count: n)
        var effective = Array(repeating: Double?.none, count: n)
        var indirect: [Int32: Double] = [:]
        var redundancy: [Int32: Double] = [:]
        for u in 0..<n where !directed.neighbours(of: u).isEmpty {
            indirect.removeAll(keepingCapacity: true)
            redundancy.removeAll(keepingCapacity: true)
            var direct: [Int32: Double] = [:]
            for slot in mutual.neighbours(of: u) { direct[mutual.targets[slot]] = p(slot, of: u) }
            for slot in mutual.neighbours(of: u) {
                let w = Int(mutual.targets[slot])
                let puw = p(slot, of: u)
                for inner in mutual.neighbours(of: w) {
                    let v = mutual.targets[inner]
                    guard direct[v] != nil else { continue }
                    indirect[v, default: 0] += puw * p(inner, of: w)
                    // m(v, w) = a(v, w) / max_x a(v, x); a(v, w) = a(w, v).
                    if largest[Int(v)] > 0 { redundancy[v, default: 0] += puw * mutual.weights[inner] / largest[Int(v)] }
                }
            }
            var c = 0.0
            var e = 0.0
            for (v, pv) in direct {
                let local = pv + (indirect[v] ?? 0)
                c += local * local
                e += 1 - (redundancy[v] ?? 0)
            }
            constraint[u] = c
            effective[u] = e
        }
        return (constraint, effective)
    }
}
