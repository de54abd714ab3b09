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
        self.init(nodeCount: nodeCount, sources: edges.map(\.source), targets: edges.map(\.target), weights: edges.map(\.weight))
    }

    /// Builds the rows from edges given as three parallel arrays; parallel edges are summed (in input
    /// order, so the sums do not depend on anything but the input), self-loops kept as given.
    public init(nodeCount: Int, sources: [Int32], targets edgeTargets: [Int32], weights edgeWeights: [Double]) {
        self.nodeCount = nodeCount
        var counts = Array(repeating: 0, count: nodeCount + 1)
        for source in sources { counts[Int(source) + 1] += 1 }
        for index in 0..<nodeCount { counts[index + 1] += counts[index] }
        var fill = counts
        var rawTargets = Array(repeating: Int32(0), count: sources.count)
        var rawWeights = Array(repeating: 0.0, count: sources.count)
        for edge in sources.indices {
            let source = Int(sources[edge])
            rawTargets[fill[source]] = edgeTargets[edge]
            rawWeights[fill[source]] = edgeWeights[edge]
            fill[source] += 1
        }
        // Sort each row by target, then by weight, and merge duplicates: rows are canonical, lookups can
        // bisect, and a merged weight is summed in the same order whatever order the events came in
        // (files read in parallel, or split into shards, give the same bits).
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        var targets: [Int32] = []
        var weights: [Double] = []
        targets.reserveCapacity(sources.count)
        weights.reserveCapacity(sources.count)
        var keys: [UInt64] = []
        for node in 0..<nodeCount {
            let low = counts[node]
            let high = counts[node + 1]
            keys.removeAll(keepingCapacity: true)
            for slot in low..<high { keys.append(UInt64(UInt32(bitPattern: rawTargets[slot])) << 32 | UInt64(slot - low)) }
            keys.sort { left, right in
                if left >> 32 != right >> 32 { return left < right }
                let leftWeight = rawWeights[low + Int(left & 0xFFFF_FFFF)]
                let rightWeight = rawWeights[low + Int(right & 0xFFFF_FFFF)]
                return leftWeight != rightWeight ? leftWeight < rightWeight : left < right
            }
            let rowStart = targets.count
            for key in keys {
                let slot = low + Int(key & 0xFFFF_FFFF)
                if targets.count > rowStart, targets[targets.count - 1] == rawTargets[slot] {
                    weights[weights.count - 1] += rawWeights[slot]
                } else {
                    targets.append(rawTargets[slot])
                    weights.append(rawWeights[slot])
                }
            }
            offsets[node + 1] = targets.count
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
        var sources: [Int32] = []
        sources.reserveCapacity(edgeCount)
        for node in 0..<nodeCount {
            for _ in neighbours(of: node) { sources.append(Int32(node)) }
        }
        return CompressedGraph(nodeCount: nodeCount, sources: targets, targets: sources, weights: weights)
    }

    /// The undirected graph with `w(u,v) = w(u->v) + w(v->u)`, without self-loops, stored both ways.
    public func symmetrized() -> CompressedGraph {
        var sources: [Int32] = []
        var ends: [Int32] = []
        var values: [Double] = []
        sources.reserveCapacity(2 * edgeCount)
        ends.reserveCapacity(2 * edgeCount)
        values.reserveCapacity(2 * edgeCount)
        for node in 0..<nodeCount {
            for slot in neighbours(of: node) where Int(targets[slot]) != node {
                sources.append(Int32(node)); ends.append(targets[slot]); values.append(weights[slot])
                sources.append(targets[slot]); ends.append(Int32(node)); values.append(weights[slot])
            }
        }
        return CompressedGraph(nodeCount: nodeCount, sources: sources, targets: ends, weights: values)
    }

    /// The undirected graph of reciprocal ties (an edge each way), weighted `w(u->v) + w(v->u)`.
    public func reciprocal() -> CompressedGraph {
        var sources: [Int32] = []
        var ends: [Int32] = []
        var values: [Double] = []
        for node in 0..<nodeCount {
            for slot in neighbours(of: node) where Int(targets[slot]) != node {
                let back = weight(from: Int(targets[slot]), to: node)
                if back > 0 { sources.append(Int32(node)); ends.append(targets[slot]); values.append(weights[slot] + back) }
            }
        }
        return CompressedGraph(nodeCount: nodeCount, sources: sources, targets: ends, weights: values)
    }
}
