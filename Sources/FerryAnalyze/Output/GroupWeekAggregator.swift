import FerryCore

/// Group-week aggregates: per week and published group, its people, active people and the mean of
/// each metric over all its members (inactive weeks count as zero, so each cell describes the whole
/// group, never fewer than k people). An "all" row covers everyone. With noise, each sum of clipped
/// values gets Laplace noise of scale clip / epsilon before it is divided by the group size.
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

    func aggregate(_ personWeeks: [PersonWeek], groups: [String]) -> [Cell] {
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
        var active = Array(repeating: 0.0, count: weeks.count * width)
        let clips = metrics.map { $0.isHours ? policy.hoursClip : policy.countClip }
        for row in personWeeks {
            let w = weekNumber[row.week]!
            for label in [groupOf[row.person], all] {
                let cell = w * width + label
                for index in metrics.indices { sums[cell * metrics.count + index] += min(row.values[index], clips[index]) }
                if row.isActive { active[cell] += 1 }
            }
        }
        var noise = policy.noiseEpsilon.map { LaplaceNoise(epsilon: $0, seed: policy.noiseSeed) }
        var cells: [Cell] = []
        // The "all" row too is published only when it describes k people or more.
        var labels = names.indices.map { (name: names[$0], number: $0) } + [(name: Self.allLabel, number: all)]
        labels = labels.filter { $0.name != GroupAnonymizer.suppressedLabel && people[$0.number] >= policy.minimumGroupSize }
        labels.sort { $0.name < $1.name }
        for (w, week) in weeks.enumerated() {
            for label in labels {
                let cell = w * width + label.number
                var sum = Array(sums[cell * metrics.count..<(cell + 1) * metrics.count])
                var activeCount = active[cell]
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
        return cells
    }
}
