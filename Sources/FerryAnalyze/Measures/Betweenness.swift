import Foundation

/// Betweenness centrality on an undirected graph (Brandes 2001), in hops or with distance 1/weight.
///
/// Values follow networkx's `betweenness_centrality(G, normalized=False)` for undirected graphs (each
/// pair counted once). Up to `exactLimit` nodes every node is a source; above it k sources are drawn
/// with a seeded generator and the sums scaled by n/k (Brandes and Pich 2007), where
/// k = min(`pivots`, max(`minimumPivots`, `edgeBudget` / edge slots)): a search from one source visits
/// every edge slot, so the budget bounds the work whatever the graph's size (with the defaults, 1,000
/// pivots up to 200,000 edge slots, 100 at 2 million). The result then carries `errorBound`: with 95%
/// confidence every node's normalized betweenness is within it (Hoeffding's inequality with a union
/// bound over the nodes).
public struct Betweenness: Sendable {
    /// Per node, the (unnormalized, undirected) betweenness.
    public var values: [Double]
    /// Whether every node was a source.
    public var isExact: Bool
    /// The bound on the error of normalized values (0 when exact).
    public var errorBound: Double
    /// The number of sources used.
    public var sources: Int

    /// Normalized values: divided by (n-1)(n-2)/2, the number of pairs a node can lie between.
    public var normalized: [Double] {
        let n = Double(values.count)
        guard n > 2 else { return values.map { _ in 0 } }
        return values.map { $0 * 2 / ((n - 1) * (n - 2)) }
    }

    public static func compute(
        _ graph: CompressedGraph, weighted: Bool, exactLimit: Int = 5_000, pivots: Int = 1_000, minimumPivots: Int = 64,
        edgeBudget: Double = .infinity, seed: UInt64 = 42
    ) -> Betweenness {
        let n = graph.nodeCount
        var sources = Array(0..<n)
        var exact = true
        let affordable = edgeBudget / Double(max(1, graph.targets.count))
        let pivots = min(pivots, max(minimumPivots, affordable >= Double(Int.max) ? Int.max : Int(affordable)))
        if n > exactLimit && pivots < n {
            var random = SeededRandom(seed: seed)
            for index in 0..<pivots {
                let pick = index + Int(random.next() % UInt64(n - index))
                sources.swapAt(index, pick)
            }
            sources = Array(sources.prefix(pivots))
            exact = false
        }
        // Sources in 16 fixed slices, summed in slice order: the same sums on any machine, however many cores.
        let chosen = sources
        // Each tie's length once (the same quotient every time it is used, so the same paths compare equal).
        let lengths = weighted ? graph.weights.map { 1 / $0 } : []
        let partials = parallelChunks(chosen.count) { range -> [Double] in
            var accumulator = BrandesAccumulator(nodeCount: n)
            var centrality = Array(repeating: 0.0, count: n)
            for source in chosen[range] {
                if weighted {
                    accumulator.dijkstra(graph, lengths: lengths, from: source)
                } else {
                    accumulator.breadthFirst(graph, from: source)
                }
                accumulator.accumulate(graph, lengths: weighted ? lengths : nil, into: &centrality, source: source)
            }
            return centrality
        }
        var centrality = Array(repeating: 0.0, count: n)
        for partial in partials {
            for node in 0..<n { centrality[node] += partial[node] }
        }
        let scale = (exact ? 1.0 : Double(n) / Double(sources.count)) * 0.5
        let bound = exact ? 0 : (log(2 * Double(n) / 0.05) / (2 * Double(sources.count))).squareRoot()
        return Betweenness(values: centrality.map { $0 * scale }, isExact: exact, errorBound: bound, sources: sources.count)
    }
}

/// The per-source state of Brandes' algorithm, reused between sources to avoid allocation.
///
/// No predecessor lists: in the accumulation, `v` is a predecessor of `w` when `dist(v) + length(v, w)`
/// equals `dist(w)`, the same floating-point expression the search compared, so the same paths count.
struct BrandesAccumulator {
    var order: [Int32] = []
    var sigma: [Double]
    var distance: [Double]
    var delta: [Double]
    /// The best distance found so far for Dijkstra (infinity when not reached).
    var tentative: [Double]
    var queue: [Int32] = []
    var heap: NodeHeap
    /// Per node reached by Dijkstra, the settled node through which its current shortest distance was found.
    var via: [Int32]

    init(nodeCount: Int) {
        tentative = Array(repeating: .infinity, count: nodeCount)
        heap = NodeHeap(nodeCount: nodeCount)
        via = Array(repeating: -1, count: nodeCount)
        sigma = Array(repeating: 0, count: nodeCount)
        distance = Array(repeating: -1, count: nodeCount)
        delta = Array(repeating: 0, count: nodeCount)
        order.reserveCapacity(nodeCount)
        queue.reserveCapacity(nodeCount)
    }

    private mutating func reset() {
        for node in order {
            sigma[Int(node)] = 0
            distance[Int(node)] = -1
            delta[Int(node)] = 0
            tentative[Int(node)] = .infinity
        }
        for node in queue {
            sigma[Int(node)] = 0
            distance[Int(node)] = -1
            tentative[Int(node)] = .infinity
        }
        order.removeAll(keepingCapacity: true)
        queue.removeAll(keepingCapacity: true)
    }

    mutating func breadthFirst(_ graph: CompressedGraph, from source: Int) {
        reset()
        queue.append(Int32(source))
        var head = 0
        sigma[source] = 1
        distance[source] = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            order.append(Int32(node))
            let next = distance[node] + 1
            for slot in graph.neighbours(of: node) {
                let target = Int(graph.targets[slot])
                if distance[target] < 0 {
                    distance[target] = next
                    queue.append(Int32(target))
                }
                if distance[target] == next { sigma[target] += sigma[node] }
            }
        }
        queue.removeAll(keepingCapacity: true)
    }

    mutating func dijkstra(_ graph: CompressedGraph, lengths: [Double], from source: Int) {
        reset()
        sigma[source] = 1
        tentative[source] = 0
        via[source] = Int32(source)
        queue.append(Int32(source))
        heap.insertOrLower(Int32(source), 0)
        while let (dist, node) = heap.popMin() {
            let index = Int(node)
            // Paths through the predecessor that first gave this distance; equal ones were added as found.
            let predecessor = Int(via[index])
            if predecessor != index { sigma[index] += sigma[predecessor] }
            order.append(node)
            distance[index] = dist
            for slot in graph.neighbours(of: index) {
                let next = Int(graph.targets[slot])
                if distance[next] >= 0 { continue }
                let length = dist + lengths[slot]
                if length < tentative[next] {
                    if tentative[next] == .infinity { queue.append(Int32(next)) }
                    tentative[next] = length
                    sigma[next] = 0
                    via[next] = node
                    heap.insertOrLower(Int32(next), length)
                } else if length == tentative[next] {
                    sigma[next] += sigma[index]
                }
            }
        }
    }

    /// `lengths`: each edge slot's length (1/weight) for weighted paths, nil for hops.
    mutating func accumulate(_ graph: CompressedGraph, lengths: [Double]?, into centrality: inout [Double], source: Int) {
        for position in order.indices.reversed() {
            let w = Int(order[position])
            let coefficient = (1 + delta[w]) / sigma[w]
            let dw = distance[w]
            for slot in graph.neighbours(of: w) {
                let v = Int(graph.targets[slot])
                let dv = distance[v]
                guard dv >= 0 else { continue }
                let isPredecessor = if let lengths { dv < dw && dv + lengths[slot] == dw } else { dv + 1 == dw }
                if isPredecessor { delta[v] += sigma[v] * coefficient }
            }
            if w != source { centrality[w] += delta[w] }
        }
    }
}

/// A binary heap of the nodes Dijkstra has reached but not settled, smallest distance first (ties by node,
/// so the order is the same on every run), each node at most once: a shorter path found later moves the
/// node up where it stands instead of adding a second entry. The distances sit in the heap's own array,
/// so a comparison reads no other memory.
struct NodeHeap {
    private var items: [(distance: Double, node: Int32)] = []
    /// Per node, its index in `items`, or -1 when it is not in the heap.
    private var position: [Int32]

    init(nodeCount: Int) { position = Array(repeating: -1, count: nodeCount) }

    /// Adds `node` at `distance`, or lowers its distance to `distance` if it is in the heap already.
    mutating func insertOrLower(_ node: Int32, _ distance: Double) {
        let at = position[Int(node)]
        var child: Int
        if at < 0 {
            items.append((distance, node))
            child = items.count - 1
        } else {
            child = Int(at)
        }
        let item = (distance: distance, node: node)
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(item, items[parent]) else { break }
            items[child] = items[parent]
            position[Int(items[child].node)] = Int32(child)
            child = parent
        }
        items[child] = item
        position[Int(node)] = Int32(child)
    }

    /// Removes and returns the node with the smallest distance.
    mutating func popMin() -> (distance: Double, node: Int32)? {
        guard let top = items.first else { return nil }
        position[Int(top.node)] = -1
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        var parent = 0
        let count = items.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let smaller = right < count && Self.less(items[right], items[left]) ? right : left
            guard Self.less(items[smaller], last) else { break }
            items[parent] = items[smaller]
            position[Int(items[parent].node)] = Int32(parent)
            parent = smaller
        }
        items[parent] = last
        position[Int(last.node)] = Int32(parent)
        return top
    }

    @inline(__always)
    private static func less(_ a: (distance: Double, node: Int32), _ b: (distance: Double, node: Int32)) -> Bool {
        a.distance != b.distance ? a.distance < b.distance : a.node < b.node
    }
}
