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
        var sums: [String: [Double]] = [:]
        var active: [String: Double] = [:]
        var people: [String: Int] = [:]
        for label in groups {
            people[label, default: 0] += 1
            people[Self.allLabel, default: 0] += 1
        }
        var weeks = Set<Int>()
        for row in personWeeks {
            weeks.insert(row.week)
            for label in [groups[row.person], Self.allLabel] {
                let key = "\(row.week)|\(label)"
                var sum = sums[key] ?? Array(repeating: 0, count: metrics.count)
                for (index, metric) in metrics.enumerated() {
                    sum[index] += min(row.values[index], metric.isHours ? policy.hoursClip : policy.countClip)
                }
                sums[key] = sum
                if row.isActive { active[key, default: 0] += 1 }
            }
        }
        var noise = policy.noiseEpsilon.map { LaplaceNoise(epsilon: $0, seed: policy.noiseSeed) }
        var cells: [Cell] = []
        // The "all" row too is published only when it describes k people or more.
        let labels = people.keys.filter { $0 != GroupAnonymizer.suppressedLabel && people[$0]! >= policy.minimumGroupSize }.sorted()
        for week in weeks.sorted() {
            for label in labels {
                let key = "\(week)|\(label)"
                var sum = sums[key] ?? Array(repeating: 0, count: metrics.count)
                var activeCount = active[key] ?? 0
                if noise != nil {
                    for (index, metric) in metrics.enumerated() {
                        sum[index] = max(0, sum[index] + noise!.sample(sensitivity: metric.isHours ? policy.hoursClip : policy.countClip))
                    }
                    activeCount = max(0, (activeCount + noise!.sample(sensitivity: 1)).rounded())
                }
                let size = people[label]!
                cells.append(Cell(week: week, group: label, people: size, activePeople: activeCount, means: sum.map { $0 / Double(size) }))
            }
        }
        return cells
    }
}
