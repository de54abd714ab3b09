/// Cohesion of groups of people (departments, offices, communities) on the interaction graph.
public struct GroupMeasures: Sendable {
    /// One group's figures.
    public struct Group: Sendable {
        public var name: String
        public var people: Int
        /// Undirected ties inside the group / the pairs it has.
        public var density: Double
        /// Krackhardt's E-I index: (external ties - internal ties) / all ties of the members, in [-1, 1].
        public var eiIndex: Double
        /// The share of the members' tie weight that stays inside the group.
        public var insularity: Double
    }

    public var groups: [Group]
    /// Directed tie weight from group to group (row: source), in `groups` order.
    public var ties: [[Double]]

    /// `withTies: false` leaves `ties` empty: a matrix of thousands of fine communities would be gigabytes.
    public static func compute(_ graph: CompressedGraph, labels: [String], withTies: Bool = true) -> GroupMeasures {
        let names = Array(Set(labels)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let group = labels.map { index[$0]! }
        var people = Array(repeating: 0, count: names.count)
        for g in group { people[g] += 1 }
        var internalTies = Array(repeating: 0, count: names.count)
        var externalTies = Array(repeating: 0, count: names.count)
        var internalWeight = Array(repeating: 0.0, count: names.count)
        var totalWeight = Array(repeating: 0.0, count: names.count)
        var ties = withTies ? Array(repeating: Array(repeating: 0.0, count: names.count), count: names.count) : []
        if withTies {
            for node in 0..<graph.nodeCount {
                for slot in graph.neighbours(of: node) {
                    ties[group[node]][group[Int(graph.targets[slot])]] += graph.weights[slot]
                }
            }
        }
        let undirected = graph.symmetrized()
        for node in 0..<undirected.nodeCount {
            for slot in undirected.neighbours(of: node) {
                let other = Int(undirected.targets[slot])
                let weight = undirected.weights[slot]
                totalWeight[group[node]] += weight
                if group[other] == group[node] {
                    if other > node { internalTies[group[node]] += 1 }
                    internalWeight[group[node]] += weight
                } else {
                    externalTies[group[node]] += 1
                }
            }
        }
        let groups = names.indices.map { g in
            let n = Double(people[g])
            let pairs = n * (n - 1) / 2
            let all = Double(externalTies[g] + internalTies[g])
            return Group(
                name: names[g], people: people[g],
                density: pairs > 0 ? Double(internalTies[g]) / pairs : 0,
                eiIndex: all > 0 ? (Double(externalTies[g]) - Double(internalTies[g])) / all : 0,
                insularity: totalWeight[g] > 0 ? internalWeight[g] / totalWeight[g] : 0)
        }
        return GroupMeasures(groups: groups, ties: ties)
    }
}
