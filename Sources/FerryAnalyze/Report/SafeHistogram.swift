/// Histogram bins that each hold at least k people: equal-width bins, then neighbours merged from
/// the left until each bin reaches k (the last short bin joins the one before it), so that the tails
/// of a distribution never show a handful of people.
enum SafeHistogram {
    static func bins(_ values: [Double], count: Int = 12, minimum k: Int) -> [(low: Double, high: Double, count: Int)] {
        guard values.count >= k, let low = values.min(), let high = values.max() else { return [] }
        let width = high > low ? (high - low) / Double(count) : 1
        var counts = Array(repeating: 0, count: count)
        for value in values { counts[min(count - 1, Int((value - low) / width))] += 1 }
        var bins: [(low: Double, high: Double, count: Int)] = []
        var current: (low: Double, high: Double, count: Int)?
        for index in 0..<count {
            let edge = (low + Double(index) * width, low + Double(index + 1) * width)
            if var open = current {
                open.high = edge.1
                open.count += counts[index]
                current = open
            } else {
                current = (edge.0, edge.1, counts[index])
            }
            if current!.count >= k {
                bins.append(current!)
                current = nil
            }
        }
        if let rest = current {
            if bins.isEmpty { bins.append(rest) } else {
                bins[bins.count - 1].high = rest.high
                bins[bins.count - 1].count += rest.count
            }
        }
        return bins
    }
}
