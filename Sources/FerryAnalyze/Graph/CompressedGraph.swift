/// A weighted graph in compressed sparse rows: node `u`'s neighbours are `targets[offsets[u]..<offsets[u + 1]]`.
///
/// Plain arrays, no per-node objects: a 100,000-node, million-edge graph is a few tens of megabytes and
/// every measure walks it in cache order.
public struct CompressedGraph: Sendable {
    public let nodeCount: Int
    public let offsets: [Int]
    public let targets: [Int32]
    public let weights: [Double]

    /// Builds the rows from edges; parallel edges are summed, self-loops kept as given.
    public init(nodeCount: Int, edges: [(source: Int32, target: Int32, weight: Double)]) {
        self.nodeCount = nodeCount
        var counts = Array(repeating: 0, count: nodeCount + 1)
        for edge in edges { counts[Int(edge.source) + 1] += 1 }
        for index in 0..<nodeCount { counts[index + 1] += counts[index] }
        var fill = counts
        var rawTargets = Array(repeating: Int32(0), count: edges.count)
        var rawWeights = Array(repeating: 0.0, count: edges.count)
        for edge in edges {
            let slot = fill[Int(edge.source)]
            rawTargets[slot] = edge.target
            rawWeights[slot] = edge.weight
            fill[Int(edge.source)] += 1
        }
        // Sort each row by target and merge duplicates, so rows are canonical and lookups can bisect.
        var offsets = [0]
        var targets: [Int32] = []
        var weights: [Double] = []
        targets.reserveCapacity(edges.count)
        weights.reserveCapacity(edges.count)
        for node in 0..<nodeCount {
            let row = (counts[node]..<counts[node + 1]).sorted { rawTargets[$0] < rawTargets[$1] }
            for slot in row {
                if targets.count > offsets[node], targets[targets.count - 1] == rawTargets[slot] {
                    weights[weights.count - 1] += rawWeights[slot]
                } else {
                    targets.append(rawTargets[slot])
                    weights.append(rawWeights[slot])
                }
            }
            offsets.append(targets.count)
        }
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// The number of stored edges.
    public var edgeCount: Int { targets.count }

    /// The edges leaving `node`.
    @inlinable public func neighbours(of node: Int) -> Range<Int> { offsets[node]..<offsets[node + 1] }

    /// The weight of `source -> target`, 0 when there is no such edge.
    public func weight(from source: Int, to target: Int) -> Double {
        var low = offsets[source]
        var high = offsets[source + 1]
        let wanted = Int32(target)
        while low < high {
            let middle = (low + high) / 2
            if targets[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        return low < offsets[source + 1] && targets[low] == wanted ? weights[low] : 0
    }

    /// Every edge reversed.
    public func transposed() -> CompressedGraph {
        var edges: [(source: Int32, target: Int32, weight: Double)] = []
        edges.reserveCapacity(edgeCount)
        for node in 0..<nodeCount {
            for slot in neighbours(of: node) { edges.append((targets[slot], Int32(node), weights[slot])) }
        }
        return CompressedGraph(nodeCount: nodeCount, edges: edges)
    }

    /// The undirected graph with `w(u,v) = w(u->v) + w(v->u)`, without self-loops, stored both ways.
    public func symmetrized() -> CompressedGraph {
        var edges: [(source: Int32, target: Int32, weight: Double)] = []
        edges.reserveCapacity(2 * edgeCount)
        for node in 0..<nodeCount {
            for slot in neighbours(of: node) where Int(targets[slot]) != node {
                edges.append((Int32(node), targets[slot], weights[slot]))
                edges.append((targets[slot], Int32(node), weights[slot]))
            }
        }
        return CompressedGraph(nodeCount: nodeCount, edges: edges)
    }

    /// The undirected graph of reciprocal ties (an edge each way), weighted `w(u->v) + w(v->u)`.
    public func reciprocal() -> CompressedGraph {
        var edges: [(source: Int32, target: Int32, weight: Double)] = []
        for node in 0..<nodeCount {
            for slot in neighbours(of: node) where Int(targets[slot]) != node {
                let back = weight(from: Int(targets[slot]), to: node)
                if back > 0 { edges.append((Int32(node), targets[slot], weights[slot] + back)) }
            }
        }
        return CompressedGraph(nodeCount: nodeCount, edges: edges)
    }
}
