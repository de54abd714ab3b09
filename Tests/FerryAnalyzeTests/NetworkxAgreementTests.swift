import Foundation
import Testing
@testable import FerryAnalyze

/// The measures against networkx on graphs the test builds: PageRank and strength within 1e-6, exact
/// betweenness within 1e-9, constraint and effective size within 1e-6, Leiden's modularity at least Louvain's.
@Suite struct NetworkxAgreementTests {
    /// A seeded random graph with clustered structure, reciprocal and one-way ties, and dangling nodes.
    static func randomGraph(nodes: Int, seed: UInt64) -> [(source: Int32, target: Int32, weight: Double)] {
        var random = SeededRandom(seed: seed)
        var edges: [(source: Int32, target: Int32, weight: Double)] = []
        var seen = Set<Int>()
        for source in 0..<nodes - 3 {  // the last three nodes send nothing: dangling for PageRank
            for _ in 0..<(2 + Int(random.next() % 5)) {
                let local = random.unit() < 0.8
                let target = local ? (source / 10) * 10 + Int(random.next() % 10) : Int(random.next() % UInt64(nodes))
                guard target != source, target < nodes, seen.insert(source * nodes + target).inserted else { continue }
                // Weights are sums of the builder's kind of shares: 1/k and meeting hours / (n - 1).
                let weight = [1.0, 0.5, 1.0 / 3, 0.25, 1.5, 2.0][Int(random.next() % 6)]
                edges.append((Int32(source), Int32(target), weight))
                if random.unit() < 0.6, seen.insert(target * nodes + source).inserted {
                    edges.append((Int32(target), Int32(source), weight))
                }
            }
        }
        return edges
    }

    @Test(arguments: [(60, UInt64(1)), (150, UInt64(2))])
    func measuresAgreeWithNetworkx(nodes: Int, seed: UInt64) async throws {
        let edges = Self.randomGraph(nodes: nodes, seed: seed)
        let graph = CompressedGraph(nodeCount: nodes, edges: edges)
        let ours = NetworkMeasures.compute(graph, assumptions: Assumptions())
        let reference = try await Networkx.run(nodeCount: nodes, edges: edges, labels: ours.coarseCommunities)
        for node in 0..<nodes {
            #expect(abs(ours.pageRank[node] - reference.pagerank[node]) < 1e-6, "pagerank of \(node)")
            #expect(abs(ours.inStrength[node] - reference.in_strength[node]) < 1e-6, "in strength of \(node)")
            #expect(abs(ours.outStrength[node] - reference.out_strength[node]) < 1e-6, "out strength of \(node)")
            #expect(abs(ours.betweenness.values[node] - reference.betweenness_hops[node]) < 1e-9, "betweenness of \(node)")
            #expect(abs(ours.weightedBetweenness.values[node] - reference.betweenness_weighted[node]) < 1e-9, "weighted betweenness of \(node)")
            switch (ours.constraint[node], reference.constraint[node]) {
            case (let a?, let b?): #expect(abs(a - b) < 1e-6, "constraint of \(node)")
            case (nil, nil): break
            default: Issue.record("constraint of \(node): ours \(String(describing: ours.constraint[node])), networkx \(String(describing: reference.constraint[node]))")
            }
            switch (ours.effectiveSize[node], reference.effective_size[node]) {
            case (let a?, let b?): #expect(abs(a - b) < 1e-6, "effective size of \(node)")
            case (nil, nil): break
            default: Issue.record("effective size of \(node) differs in definedness")
            }
        }
        #expect(ours.betweenness.isExact)
        #expect(abs(ours.coarseModularity - reference.modularity_of) < 1e-9, "our modularity of our partition, as networkx computes it")
        #expect(ours.coarseModularity >= reference.louvain_modularity - 1e-9, "Leiden \(ours.coarseModularity) vs Louvain \(reference.louvain_modularity)")
    }

    @Test func sampledBetweennessReportsABoundItKeeps() {
        let nodes = 300
        let graph = CompressedGraph(nodeCount: nodes, edges: Self.randomGraph(nodes: nodes, seed: 9)).reciprocal()
        let exact = Betweenness.compute(graph, weighted: false, exactLimit: 1_000)
        let sampled = Betweenness.compute(graph, weighted: false, exactLimit: 100, pivots: 120, seed: 3)
        #expect(!sampled.isExact && sampled.sources == 120)
        #expect(sampled.errorBound > 0)
        let worst = zip(exact.normalized, sampled.normalized).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= sampled.errorBound, "worst error \(worst), bound \(sampled.errorBound)")
    }

    @Test func pivotsFollowTheEdgeBudgetAndKeepTheirBound() {
        let nodes = 300
        let graph = CompressedGraph(nodeCount: nodes, edges: Self.randomGraph(nodes: nodes, seed: 9)).reciprocal()
        let slots = Double(graph.targets.count)
        let exact = Betweenness.compute(graph, weighted: true, exactLimit: 1_000)
        let budgeted = Betweenness.compute(graph, weighted: true, exactLimit: 100, pivots: 1_000, minimumPivots: 10, edgeBudget: 150 * slots, seed: 3)
        #expect(!budgeted.isExact && budgeted.sources == 150)
        let worst = zip(exact.normalized, budgeted.normalized).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= budgeted.errorBound, "worst error \(worst), bound \(budgeted.errorBound)")
        let floor = Betweenness.compute(graph, weighted: true, exactLimit: 100, pivots: 1_000, minimumPivots: 10, edgeBudget: slots, seed: 3)
        #expect(floor.sources == 10)
        let cap = Betweenness.compute(graph, weighted: true, exactLimit: 100, pivots: 40, minimumPivots: 10, edgeBudget: 1e12, seed: 3)
        #expect(cap.sources == 40)
    }

    @Test func adjustedRandIndexMatchesKnownValues() {
        #expect(AdjustedRandIndex.compute([0, 0, 1, 1], [5, 5, 7, 7]) == 1)
        // sklearn.metrics.adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.24242424...
        #expect(abs(AdjustedRandIndex.compute([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.242424242424) < 1e-9)
    }
}
