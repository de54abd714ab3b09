/// Community detection by the Leiden algorithm (Traag, Waltman and van Eck 2019) for modularity with a
/// resolution, on an undirected weighted graph, reproducible for a given seed.
///
/// Each round: fast local moving (a queue of nodes in seeded random order, each moved to the neighbouring
/// community, or an empty one, that gains the most), refinement (within each community, nodes start
/// alone and well-connected ones merge into well-connected sub-communities of the same community, taking
/// the largest non-negative gain: Leiden's randomness parameter θ taken to 0), then aggregation of the
/// refined communities, which start in their community. Communities are therefore always connected.
/// Rounds stop when every community is one aggregate node.
public enum Leiden {
    /// Community labels `0..<k` (numbered by first node), for the graph's nodes.
    public static func communities(_ graph: CompressedGraph, resolution: Double = 1, seed: UInt64 = 42, maxRounds: Int = 50) -> [Int] {
        var random = SeededRandom(seed: seed)
        var degree = Array(repeating: 0.0, count: graph.nodeCount)
        for node in 0..<graph.nodeCount {
            for slot in graph.neighbours(of: node) { degree[node] += graph.weights[slot] }
        }
        let twiceTotal = degree.reduce(0, +)
        guard twiceTotal > 0 else { return Array(0..<graph.nodeCount) }
        var level = Level(graph: graph, degree: degree)
        var membership = Array(0..<graph.nodeCount)  // original node -> node of the current level
        var partition = Array(0..<graph.nodeCount)  // node of the current level -> community
        for _ in 0..<maxRounds {
            partition = level.moveNodesFast(partition, resolution: resolution, twiceTotal: twiceTotal, random: &random)
            let communityCount = Set(partition).count
            if communityCount == level.graph.nodeCount { break }
            let refined = level.refine(partition, resolution: resolution, twiceTotal: twiceTotal, random: &random)
            let (aggregate, map) = level.aggregate(by: refined)
            var next = Array(repeating: 0, count: aggregate.graph.nodeCount)
            for node in 0..<level.graph.nodeCount { next[map[node]] = partition[node] }
            membership = membership.map { map[$0] }
            level = aggregate
            // Community labels of the level below can exceed this level's node count: number them anew.
            partition = renumber(next)
        }
        return renumber(membership.map { partition[$0] })
    }

    /// Labels numbered 0, 1, ... in the order of their first node.
    static func renumber(_ labels: [Int]) -> [Int] {
        var numbers: [Int: Int] = [:]
        return labels.map { label in
            if let number = numbers[label] { return number }
            numbers[label] = numbers.count
            return numbers.count - 1
        }
    }

    /// One level of the algorithm: a graph (no self-loops) and each node's degree in the original graph.
    struct Level {
        let graph: CompressedGraph
        let degree: [Double]

        func moveNodesFast(_ start: [Int], resolution: Double, twiceTotal: Double, random: inout SeededRandom) -> [Int] {
            let n = graph.nodeCount
            var community = start
            var communityDegree = Array(repeating: 0.0, count: n)
            var sizes = Array(repeating: 0, count: n)
            for node in 0..<n {
                communityDegree[community[node]] += degree[node]
                sizes[community[node]] += 1
            }
            var empty = (0..<n).filter { sizes[$0] == 0 }
            var queue = Array(0..<n)
            queue.shuffle(using: &random)
            var queued = Array(repeating: true, count: n)
            var head = 0
            var weightTo = Array(repeating: 0.0, count: n)
            var touched: [Int] = []
            while head < queue.count {
                let node = queue[head]
                head += 1
                queued[node] = false
                let current = community[node]
                touched.removeAll(keepingCapacity: true)
                for slot in graph.neighbours(of: node) {
                    let c = community[Int(graph.targets[slot])]
                    if weightTo[c] == 0 { touched.append(c) }
                    weightTo[c] += graph.weights[slot]
                }
                let k = degree[node]
                let scale = resolution * k / twiceTotal
                // Gain of joining c, relative to being alone: weightTo[c] - scale x (degree of c without the node).
                func gain(_ c: Int, _ weight: Double) -> Double {
                    weight - scale * (communityDegree[c] - (c == current ? k : 0))
                }
                var best = current
                var bestGain = gain(current, weightTo[current])
                for c in touched where c != current {
                    let g = gain(c, weightTo[c])
                    if g > bestGain { best = c; bestGain = g }
                }
                if bestGain < 0 && sizes[current] > 1, let free = empty.last {
                    best = free
                    bestGain = 0
                }
                for c in touched { weightTo[c] = 0 }
                weightTo[current] = 0
                guard best != current else { continue }
                if best == empty.last { empty.removeLast() }
                communityDegree[current] -= k
                sizes[current] -= 1
                if sizes[current] == 0 { empty.append(current) }
                communityDegree[best] += k
                sizes[best] += 1
                community[node] = best
                for slot in graph.neighbours(of: node) {
                    let neighbour = Int(graph.targets[slot])
                    if !queued[neighbour] && community[neighbour] != best {
                        queued[neighbour] = true
                        queue.append(neighbour)
                    }
                }
            }
            return community
        }

        func refine(_ partition: [Int], resolution: Double, twiceTotal: Double, random: inout SeededRandom) -> [Int] {
            let n = graph.nodeCount
            var refined = Array(0..<n)
            var refinedDegree = degree
            var refinedSize = Array(repeating: 1, count: n)
            // Weight from each refined community to the rest of its community, for the well-connected test.
            var externalWeight = Array(repeating: 0.0, count: n)
            var communityDegree: [Int: Double] = [:]
            for node in 0..<n {
                communityDegree[partition[node], default: 0] += degree[node]
                for slot in graph.neighbours(of: node) where partition[Int(graph.targets[slot])] == partition[node] {
                    externalWeight[node] += graph.weights[slot]
                }
            }
            var order = Array(0..<n)
            order.shuffle(using: &random)
            var weightTo = Array(repeating: 0.0, count: n)
            var touched: [Int] = []
            for node in order {
                let total = communityDegree[partition[node]]!
                let k = degree[node]
                // Only nodes still alone and well connected to their community move.
                guard refinedSize[refined[node]] == 1,
                      externalWeight[node] >= resolution * k * (total - k) / twiceTotal else { continue }
                touched.removeAll(keepingCapacity: true)
                for slot in graph.neighbours(of: node) {
                    let neighbour = Int(graph.targets[slot])
                    guard partition[neighbour] == partition[node] else { continue }
                    let c = refined[neighbour]
                    if weightTo[c] == 0 { touched.append(c) }
                    weightTo[c] += graph.weights[slot]
                }
                var best = refined[node]
                var bestGain = 0.0
                for c in touched where c != refined[node] {
                    let d = refinedDegree[c]
                    guard externalWeight[c] >= resolution * d * (total - d) / twiceTotal else { continue }
                    let g = weightTo[c] - resolution * k * d / twiceTotal
                    if g > bestGain { best = c; bestGain = g }
                }
                let own = refined[node]
                if best != own {
                    // The merged community's weight to the rest: both parts' minus the ties between them, twice.
                    externalWeight[best] += externalWeight[own] - 2 * weightTo[best]
                    refinedDegree[best] += k
                    refinedSize[best] += 1
                    refinedSize[own] = 0
                    refinedDegree[own] = 0
                    refined[node] = best
                }
                for c in touched { weightTo[c] = 0 }
            }
            return refined
        }

        func aggregate(by refined: [Int]) -> (Level, [Int]) {
            let renumbered = Leiden.renumber(refined)
            let count = (renumbered.max() ?? -1) + 1
            var degrees = Array(repeating: 0.0, count: count)
            var edges: [(source: Int32, target: Int32, weight: Double)] = []
            for node in 0..<graph.nodeCount {
                degrees[renumbered[node]] += degree[node]
                for slot in graph.neighbours(of: node) {
                    let a = renumbered[node]
                    let b = renumbered[Int(graph.targets[slot])]
                    if a != b { edges.append((Int32(a), Int32(b), graph.weights[slot])) }
                }
            }
            return (Level(graph: CompressedGraph(nodeCount: count, edges: edges), degree: degrees), renumbered)
        }
    }
}
