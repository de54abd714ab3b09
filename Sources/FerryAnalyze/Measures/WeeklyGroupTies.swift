/// Week over week: each published group's insularity and bridging ties, week by week, from the graph of
/// that week's events alone, so that siloing (insularity rising) and lost bridging ties show.
public struct WeeklyGroupTies: Sendable {
    public struct Figures: Sendable, Equatable {
        /// The share of the members' tie weight that stays inside the group that week.
        public var insularity: Double
        /// Reciprocal ties that week between a member and someone of another group.
        public var bridgingTies: Int
    }

    /// Per week (Monday as a day number) and group.
    public var figures: [Int: [String: Figures]] = [:]

    public static func compute(_ data: CollaborationData, groups: [String], weeks: [Int], assumptions: Assumptions) -> WeeklyGroupTies {
        let weekly = InteractionGraphBuilder(assumptions: assumptions).buildWithWeeks(data).weekly
        return compute(weekly: weekly, nodeCount: data.people.count, groups: groups, weeks: weeks)
    }

    /// From the graphs of each week (weeks without one have an empty graph).
    public static func compute(weekly: [Int: CompressedGraph], nodeCount: Int, groups: [String], weeks: [Int]) -> WeeklyGroupTies {
        var result = WeeklyGroupTies()
        let names = Array(Set(groups)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let group = groups.map { index[$0]! }
        for week in weeks {
            let graph = weekly[week] ?? CompressedGraph(nodeCount: nodeCount, sources: [], targets: [], weights: [])
            let measures = GroupMeasures.compute(graph, labels: groups, withTies: false)
            let reciprocal = graph.reciprocal()
            var bridging = Array(repeating: 0, count: names.count)
            for node in 0..<reciprocal.nodeCount {
                for slot in reciprocal.neighbours(of: node) where group[Int(reciprocal.targets[slot])] != group[node] {
                    bridging[group[node]] += 1
                }
            }
            var byGroup: [String: Figures] = [:]
            for figures in measures.groups {
                byGroup[figures.name] = Figures(insularity: figures.insularity, bridgingTies: bridging[index[figures.name]!])
            }
            result.figures[week] = byGroup
        }
        return result
    }
}
