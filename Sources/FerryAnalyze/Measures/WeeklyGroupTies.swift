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
        var result = WeeklyGroupTies()
        let builder = InteractionGraphBuilder(assumptions: assumptions)
        for week in weeks {
            let graph = builder.build(data, week: week).graph
            let measures = GroupMeasures.compute(graph, labels: groups)
            let reciprocal = graph.reciprocal()
            var bridging: [String: Int] = [:]
            for node in 0..<reciprocal.nodeCount {
                for slot in reciprocal.neighbours(of: node) where groups[Int(reciprocal.targets[slot])] != groups[node] {
                    bridging[groups[node], default: 0] += 1
                }
            }
            var byGroup: [String: Figures] = [:]
            for group in measures.groups {
                byGroup[group.name] = Figures(insularity: group.insularity, bridgingTies: bridging[group.name] ?? 0)
            }
            result.figures[week] = byGroup
        }
        return result
    }
}
