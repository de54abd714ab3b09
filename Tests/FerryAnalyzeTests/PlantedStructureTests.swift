import Foundation
import Testing
@testable import FerryAnalyze

/// On a planted organisation, the coarse communities find the departments and the fine ones the teams
/// (adjusted Rand index at least 0.8 each), and the bridge people rank in the top 5% by betweenness.
@Suite struct PlantedStructureTests {
    @Test func communitiesRecoverDepartmentsAndTeams() {
        let organisation = PlantedOrganisation()
        let analysis = CollaborationAnalysis.analyse(
            organisation.data, options: AnalysisOptions(root: URL(fileURLWithPath: "/nonexistent"), runId: "test"))
        let coarse = AdjustedRandIndex.compute(analysis.measures.coarseCommunities, organisation.department)
        let fine = AdjustedRandIndex.compute(analysis.measures.fineCommunities, organisation.team)
        #expect(coarse >= 0.8, "coarse ARI \(coarse) with \(Set(analysis.measures.coarseCommunities).count) communities")
        #expect(fine >= 0.8, "fine ARI \(fine) with \(Set(analysis.measures.fineCommunities).count) communities")
    }

    @Test func bridgesRankInTheTopFivePercentByBetweenness() {
        let organisation = PlantedOrganisation()
        let graph = InteractionGraphBuilder().build(organisation.data).graph
        let betweenness = Betweenness.compute(graph.reciprocal(), weighted: false)
        let ranked = betweenness.values.indices.sorted { betweenness.values[$0] > betweenness.values[$1] }
        let top = Set(ranked.prefix(max(1, ranked.count / 20)))
        for bridge in organisation.bridges {
            #expect(top.contains(bridge), "bridge \(bridge) ranks \(ranked.firstIndex(of: bridge)!) of \(ranked.count)")
        }
    }

    @Test func communitiesAreTheSameForTheSameSeed() {
        let organisation = PlantedOrganisation(seed: 5)
        let graph = InteractionGraphBuilder().build(organisation.data).graph.symmetrized()
        #expect(Leiden.communities(graph, seed: 3) == Leiden.communities(graph, seed: 3))
    }
}
