/// Makes a grouping of people safe to publish: every published group has at least k people.
///
/// Groups with fewer than k people are merged into "other". If "other" then has fewer than k people
/// (but more than none), the smallest published group is merged into it too, again until it has k:
/// complementary suppression. Without it, the organisation's total minus the published groups would
/// give the hidden group's figures. With it, any difference of published cells is a union of
/// published groups and so describes k people or more. When the whole population is under k,
/// everything is suppressed.
public struct GroupAnonymizer {
    public static let otherLabel = "other"
    public static let suppressedLabel = "suppressed"

    public let minimumGroupSize: Int

    public init(minimumGroupSize: Int) {
        self.minimumGroupSize = minimumGroupSize
    }

    /// The published label of each person, and what was hidden.
    public func anonymize(_ labels: [String], dimension: String) -> (labels: [String], suppressed: [SuppressionReport.Entry]) {
        var sizes: [String: Int] = [:]
        for label in labels { sizes[label, default: 0] += 1 }
        var entries: [SuppressionReport.Entry] = []
        if labels.count < minimumGroupSize {
            for (group, _) in sizes.sorted(by: { $0.key < $1.key }) {
                entries.append(.init(dimension: dimension, group: group, people: nil,
                    reason: "the whole population has \(labels.count) people, fewer than \(minimumGroupSize)"))
            }
            return (labels.map { _ in Self.suppressedLabel }, entries)
        }
        var merged = Set<String>()
        for (group, people) in sizes.sorted(by: { $0.key < $1.key }) where people < minimumGroupSize {
            merged.insert(group)
            entries.append(.init(dimension: dimension, group: group, people: nil,
                reason: "fewer than \(minimumGroupSize) people: merged into '\(Self.otherLabel)'"))
        }
        var otherSize = merged.reduce(0) { $0 + sizes[$1]! }
        while otherSize > 0 && otherSize < minimumGroupSize {
            // The smallest published group (ties by name) joins "other", so it cannot be recovered by subtraction.
            guard let smallest = sizes.filter({ !merged.contains($0.key) })
                .min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { break }
            merged.insert(smallest.key)
            otherSize += smallest.value
            // Its size is not given either: "other" minus it would be the size of the groups under k.
            entries.append(.init(dimension: dimension, group: smallest.key, people: nil,
                reason: "complementary suppression: merged into '\(Self.otherLabel)' so that the smaller groups there cannot be recovered by subtracting published groups from the total"))
        }
        return (labels.map { merged.contains($0) ? Self.otherLabel : $0 }, entries)
    }
}
