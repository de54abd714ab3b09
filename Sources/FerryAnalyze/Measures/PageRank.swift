/// Weighted PageRank on a directed graph, as networkx defines it (`pagerank(G, alpha, weight=...)`).
///
/// A node passes `alpha` of its rank along its out-edges in proportion to their weights; dangling nodes
/// (no out-weight) spread theirs evenly over every node; `1 - alpha` is spread evenly too. Iterates until
/// the L1 change is below `nodeCount x tolerance`, at most `maxIterations` times.
public enum PageRank {
    public static func compute(
        _ graph: CompressedGraph, alpha: Double = 0.85, tolerance: Double = 1e-13, maxIterations: Int = 1_000
    ) -> (ranks: [Double], iterations: Int) {
        let n = graph.nodeCount
        guard n > 0 else { return ([], 0) }
        var outWeight = Array(repeating: 0.0, count: n)
        for node in 0..<n {
            for slot in graph.neighbours(of: node) { outWeight[node] += graph.weights[slot] }
        }
        var rank = Array(repeating: 1 / Double(n), count: n)
        var next = Array(repeating: 0.0, count: n)
        for iteration in 1...maxIterations {
            var danglingSum = 0.0
            for node in 0..<n where outWeight[node] == 0 { danglingSum += rank[node] }
            let base = (alpha * danglingSum + (1 - alpha)) / Double(n)
            for node in 0..<n { next[node] = base }
            for node in 0..<n where outWeight[node] > 0 {
                let share = alpha * rank[node] / outWeight[node]
                for slot in graph.neighbours(of: node) { next[Int(graph.targets[slot])] += share * graph.weights[slot] }
            }
            var change = 0.0
            for node in 0..<n { change += abs(next[node] - rank[node]) }
            swap(&rank, &next)
            if change < Double(n) * tolerance { return (rank, iteration) }
        }
        return (rank, maxIterations)
    }
}
