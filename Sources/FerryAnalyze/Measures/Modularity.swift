/// Newman's modularity of a partition of an undirected weighted graph, with a resolution.
///
/// `Q = sum_c [ L_c / m - resolution x (K_c / 2m)^2 ]`, `L_c` the weight inside community c, `K_c` its
/// total degree, `m` the total weight: networkx's `community.modularity` for undirected graphs.
public enum Modularity {
    public static func compute(_ graph: CompressedGraph, labels: [Int], resolution: Double = 1) -> Double {
        let communities = (labels.max() ?? -1) + 1
        var inside = Array(repeating: 0.0, count: communities)
        var degree = Array(repeating: 0.0, count: communities)
        var twiceTotal = 0.0
        for node in 0..<graph.nodeCount {
            for slot in graph.neighbours(of: node) {
                let weight = graph.weights[slot]
                twiceTotal += weight
                degree[labels[node]] += weight
                if labels[Int(graph.targets[slot])] == labels[node] { inside[labels[node]] += weight }
            }
        }
        guard twiceTotal > 0 else { return 0 }
        var q = 0.0
        for c in 0..<communities {
            q += inside[c] / twiceTotal - resolution * (degree[c] / twiceTotal) * (degree[c] / twiceTotal)
        }
        return q
    }
}
