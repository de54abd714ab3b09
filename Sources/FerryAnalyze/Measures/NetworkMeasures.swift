import Foundation

/// Every person-level network measure, computed once on the interaction graph.
public struct NetworkMeasures: Sendable {
    public var inDegree: [Int]
    public var outDegree: [Int]
    public var inStrength: [Double]
    public var outStrength: [Double]
    public var pageRank: [Double]
    /// Betweenness on reciprocal ties, in hops.
    public var betweenness: Betweenness
    /// Betweenness on reciprocal ties, distance 1/weight.
    public var weightedBetweenness: Betweenness
    public var constraint: [Double?]
    public var effectiveSize: [Double?]
    /// Coarse communities (organisation-wide Leiden at `coarseResolution`).
    public var coarseCommunities: [Int]
    /// Fine communities (Leiden again within each coarse community at `fineResolution`).
    public var fineCommunities: [Int]
    public var coarseModularity: Double
    public var fineModularity: Double

    public static func compute(_ graph: CompressedGraph, assumptions: Assumptions) -> NetworkMeasures {
        let n = graph.nodeCount
        var inDegree = Array(repeating: 0, count: n)
        var outDegree = Array(repeating: 0, count: n)
        var inStrength = Array(repeating: 0.0, count: n)
        var outStrength = Array(repeating: 0.0, count: n)
        for node in 0..<n {
            for slot in graph.neighbours(of: node) {
                let target = Int(graph.targets[slot])
                outDegree[node] += 1
                inDegree[target] += 1
                outStrength[node] += graph.weights[slot]
                inStrength[target] += graph.weights[slot]
            }
        }
        let reciprocal = graph.reciprocal()
        let undirected = graph.symmetrized()
        // Leiden and PageRank run on one thread of their own while the measures that spread over every
        // core run (each result as deterministic as when computed alone): the cores stay busy to the end.
        let serial = ResultSlots<(coarse: [Int], fine: [Int], pageRank: [Double])>(count: 1)
        let serialDone = DispatchGroup()
        DispatchQueue(label: "ferry.measures.serial").async(group: serialDone) {
            let coarse = Leiden.communities(undirected, resolution: assumptions.coarseResolution, seed: assumptions.seed)
            let fine = Self.fineCommunities(undirected, coarse: coarse, assumptions: assumptions)
            serial.set(0, .success((coarse, fine, PageRank.compute(graph).ranks)))
        }
        let brokerage = Brokerage.compute(graph)
        func betweenness(weighted: Bool) -> Betweenness {
            Betweenness.compute(
                reciprocal, weighted: weighted, exactLimit: assumptions.exactBetweennessLimit,
                pivots: assumptions.betweennessPivots, minimumPivots: assumptions.betweennessMinimumPivots,
                edgeBudget: assumptions.betweennessEdgeBudget, seed: assumptions.seed)
        }
        let hops = betweenness(weighted: false)
        let weighted = betweenness(weighted: true)
        serialDone.wait()
        let (coarse, fine, pageRank) = try! serial.take(0).get()
        return NetworkMeasures(
            inDegree: inDegree, outDegree: outDegree, inStrength: inStrength, outStrength: outStrength,
            pageRank: pageRank, betweenness: hops, weightedBetweenness: weighted,
            constraint: brokerage.constraint, effectiveSize: brokerage.effectiveSize,
            coarseCommunities: coarse, fineCommunities: fine,
            coarseModularity: Modularity.compute(undirected, labels: coarse, resolution: assumptions.coarseResolution),
            fineModularity: Modularity.compute(undirected, labels: fine, resolution: assumptions.coarseResolution))
    }

    /// Leiden within each coarse community, on the subgraph it induces.
    static func fineCommunities(_ graph: CompressedGraph, coarse: [Int], assumptions: Assumptions) -> [Int] {
        var fine = Array(repeating: 0, count: graph.nodeCount)
        var next = 0
        let members = Dictionary(grouping: 0..<graph.nodeCount, by: { coarse[$0] })
        var local = Array(repeating: Int32(-1), count: graph.nodeCount)
        for community in members.keys.sorted() {
            let nodes = members[community]!
            for (index, node) in nodes.enumerated() { local[node] = Int32(index) }
            var sources: [Int32] = []
            var targets: [Int32] = []
            var weights: [Double] = []
            for node in nodes {
                for slot in graph.neighbours(of: node) {
                    let target = local[Int(graph.targets[slot])]
                    if target >= 0 { sources.append(local[node]); targets.append(target); weights.append(graph.weights[slot]) }
                }
            }
            for node in nodes { local[node] = -1 }
            let labels = Leiden.communities(
                CompressedGraph(nodeCount: nodes.count, sources: sources, targets: targets, weights: weights), resolution: assumptions.fineResolution,
                seed: assumptions.seed &+ UInt64(community))
            for (index, node) in nodes.enumerated() { fine[node] = next + labels[index] }
            next += (labels.max() ?? -1) + 1
        }
        return fine
    }
}
