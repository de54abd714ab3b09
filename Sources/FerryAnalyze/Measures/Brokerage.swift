/// Burt's constraint and effective size, as networkx computes them for a weighted directed graph.
///
/// Ties are mutual weights `a(u,v) = w(u->v) + w(v->u)` over all neighbours (in or out);
/// `p(u,v) = a(u,v) / sum_w a(u,w)`, `m(v,w) = a(v,w) / max_x a(v,x)`.
/// Constraint `c(u) = sum_v (p(u,v) + sum_w p(u,w) p(w,v))^2`; effective size
/// `e(u) = sum_v (1 - sum_w p(u,w) m(v,w))`. Nodes without out-edges get nil, as networkx gives NaN.
///
/// Each node is computed with dense scratch arrays indexed by node (cleared after use), in parallel.
public enum Brokerage {
    public static func compute(_ directed: CompressedGraph) -> (constraint: [Double?], effectiveSize: [Double?]) {
        let mutual = directed.symmetrized()
        let n = directed.nodeCount
        var sums = Array(repeating: 0.0, count: n)
        var maxima = Array(repeating: 0.0, count: n)
        for node in 0..<n {
            for slot in mutual.neighbours(of: node) {
                sums[node] += mutual.weights[slot]
                maxima[node] = max(maxima[node], mutual.weights[slot])
            }
        }
        let total = sums
        let largest = maxima
        let parts = parallelChunks(n) { range -> [(Double?, Double?)] in
            var direct = Array(repeating: 0.0, count: n)
            var isNeighbour = Array(repeating: false, count: n)
            var indirect = Array(repeating: 0.0, count: n)
            var redundancy = Array(repeating: 0.0, count: n)
            var out: [(Double?, Double?)] = []
            out.reserveCapacity(range.count)
            for u in range {
                guard !directed.neighbours(of: u).isEmpty else {
                    out.append((nil, nil))
                    continue
                }
                let row = mutual.neighbours(of: u)
                for slot in row {
                    let v = Int(mutual.targets[slot])
                    direct[v] = total[u] == 0 ? 0 : mutual.weights[slot] / total[u]
                    isNeighbour[v] = true
                }
                for slot in row {
                    let w = Int(mutual.targets[slot])
                    let puw = direct[w]
                    for inner in mutual.neighbours(of: w) {
                        let v = Int(mutual.targets[inner])
                        guard isNeighbour[v] else { continue }
                        indirect[v] += puw * (total[w] == 0 ? 0 : mutual.weights[inner] / total[w])
                        // m(v, w) = a(v, w) / max_x a(v, x); a(v, w) = a(w, v).
                        if largest[v] > 0 { redundancy[v] += puw * mutual.weights[inner] / largest[v] }
                    }
                }
                var c = 0.0
                var e = 0.0
                for slot in row {
                    let v = Int(mutual.targets[slot])
                    let local = direct[v] + indirect[v]
                    c += local * local
                    e += 1 - redundancy[v]
                    direct[v] = 0
                    indirect[v] = 0
                    redundancy[v] = 0
                    isNeighbour[v] = false
                }
                out.append((c, e))
            }
            return out
        }
        let all = parts.flatMap { $0 }
        return (all.map(\.0), all.map(\.1))
    }
}
