import FerryCore

/// Group-week aggregates: per week and published group, its people, active people and the mean of
/// each metric over all its members (inactive weeks count as zero). A cell is published only when at
/// least k of its members were active that week: a group of ten with one active person would otherwise
/// publish that person's figures divided by ten. When a week's cell is withheld, so are others until
/// the withheld cells together hold k active people (complementary suppression, as `GroupAnonymizer`
/// does for group sizes): otherwise the "all" row minus the published groups would give it back; and
/// when no group is left to add, the "all" row is withheld too. With noise, each value is clipped and
/// each sum gets Laplace noise of scale clip / epsilon before it is divided by the group size; without
/// noise nothing is clipped.
struct GroupWeekAggregator {
    let policy: PrivacyPolicy

    static let allLabel = "all"

    struct Cell {
        var week: Int
        var group: String
        var people: Int
        var activePeople: Double
        var means: [Double]
    }

    /// A week's cell left out for having too few active people, or to protect one that has.
    struct Withheld: Equatable {
        var week: Int
        var group: String
        var complementary: Bool
    }

    func aggregate(_ personWeeks: [PersonWeek], groups: [String]) -> [Cell] {
        aggregateWithheld(personWeeks, groups: groups).cells
    }

    func aggregateWithheld(_ personWeeks: [PersonWeek], groups: [String]) -> (cells: [Cell], withheld: [Withheld]) {
        let metrics = PersonMetric.allCases
        // Labels as numbers; the last one is "all".
        let names = Array(Set(groups)).sorted()
        let number = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let groupOf = groups.map { number[$0]! }
        let all = names.count
        var people = Array(repeating: 0, count: names.count + 1)
        for g in groupOf {
            people[g] += 1
            people[all] += 1
        }
        let weeks = Array(Set(personWeeks.map(\.week))).sorted()
        let weekNumber = Dictionary(uniqueKeysWithValues: weeks.enumerated().map { ($1, $0) })
        let width = names.count + 1
        var sums = Array(repeating: 0.0, count: weeks.count * width * metrics.count)
        var active = Array(repeating: 0, count: weeks.count * width)
        // Clipping bounds what one person adds to a noisy sum; without noise it would only distort.
        let clips = metrics.map { policy.noiseEpsilon == nil ? Double.infinity : $0.isHours ? policy.hoursClip : policy.countClip }
        for row in personWeeks {
            let w = weekNumber[row.week]!
            for label in [groupOf[row.person], all] {
                let cell = w * width + label
                for index in metrics.indices { sums[cell * metrics.count + index] += min(row.values[index], clips[index]) }
                if row.isActive { active[cell] += 1 }
            }
        }
        var noise = policy.noiseEpsilon.map { LaplaceNoise(epsilon: $0, seed: policy.noiseSeed ?? UInt64.random(in: .min ... .max)) }
        var cells: [Cell] = []
        var withheld: [Withheld] = []
        // The "all" row too is published only when it describes k people or more.
        var labels = names.indices.map { (name: names[$0], number: $0) } + [(name: Self.allLabel, number: all)]
        labels = labels.filter { $0.name != GroupAnonymizer.suppressedLabel && people[$0.number] >= policy.minimumGroupSize }
        labels.sort { $0.name < $1.name }
        for (w, week) in weeks.enumerated() {
            let hidden = hiddenLabels(labels, active: { active[w * width + $0] }, all: all)
            for label in labels {
                if let complementary = hidden[label.number] {
                    withheld.append(Withheld(week: week, group: label.name, complementary: complementary))
                    continue
                }
                let cell = w * width + label.number
                var sum = Array(sums[cell * metrics.count..<(cell + 1) * metrics.count])
                var activeCount = Double(active[cell])
                if noise != nil {
                    for index in metrics.indices {
                        sum[index] = max(0, sum[index] + noise!.sample(sensitivity: clips[index]))
                    }
                    activeCount = max(0, (activeCount + noise!.sample(sensitivity: 1)).rounded())
                }
                let size = people[label.number]
                cells.append(Cell(week: week, group: label.name, people: size, activePeople: activeCount, means: sum.map { $0 / Double(size) }))
            }
        }
        return (cells, withheld)
    }

    /// The labels of one week to withhold, each with whether it is withheld only to protect another: those
    /// with fewer than k active people, then the published groups with the fewest active people until the
    /// withheld groups hold k together, then "all" when they cannot.
    private func hiddenLabels(_ labels: [(name: String, number: Int)], active: (Int) -> Int, all: Int) -> [Int: Bool] {
        let k = policy.minimumGroupSize
        var hidden: [Int: Bool] = [:]
        for label in labels where active(label.number) < k { hidden[label.number] = false }
        let groups = labels.filter { $0.number != all }
        var hiddenActive = groups.filter { hidden[$0.number] != nil }.reduce(0) { $0 + active($1.number) }
        while groups.contains(where: { hidden[$0.number] != nil }) && hiddenActive < k {
            guard let next = groups.filter({ hidden[$0.number] == nil })
                .min(by: { (active($0.number), $0.name) < (active($1.number), $1.name) })
            else {
                if hidden[all] == nil { hidden[all] = true }
                break
            }
            hidden[next.number] = true
            hiddenActive += active(next.number)
        }
        return hidden
    }
}
