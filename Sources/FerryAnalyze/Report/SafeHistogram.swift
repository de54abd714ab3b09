import Foundation

/// Histogram bins that each hold at least k people, and whose edges show no one's value.
///
/// The edges are a grid of round steps (1, 2 or 5 times a power of ten) over the range between the k-th
/// smallest and the k-th largest value, and the outer bins are open: the first holds everything below
/// its upper edge, the last everything from its lower edge on (their outer edges are infinite). So the
/// chart never prints the lowest or the highest person's value, as bins from the minimum to the maximum
/// would. Neighbours are then merged from the left until each bin reaches k (the last short bin joins
/// the one before it), so that the tails never show a handful of people.
enum SafeHistogram {
    static func bins(_ values: [Double], count: Int = 12, minimum k: Int) -> [(low: Double, high: Double, count: Int)] {
        let values = values.filter(\.isFinite)
        guard values.count >= k, k > 0 else { return [] }
        let sorted = values.sorted()
        let inner = (low: sorted[k - 1], high: sorted[values.count - k])
        let step = roundStep((inner.high - inner.low) / Double(max(count - 2, 1)))
        let first = (inner.low / step).rounded(.down) * step
        // Edges of the grid; the bins outside it are the open ends.
        let edges = max(1, Int(((inner.high - first) / step).rounded(.up)))
        var counts = Array(repeating: 0, count: edges + 2)
        for value in values {
            // Capped as a Double first: an outlier far beyond the grid must not overflow Int.
            let slot = value < first ? 0 : Int(min(Double(edges + 1), 1 + ((value - first) / step).rounded(.down)))
            counts[slot] += 1
        }
        func edge(_ index: Int) -> Double { first + Double(index) * step }
        var bins: [(low: Double, high: Double, count: Int)] = []
        var current: (low: Double, high: Double, count: Int)?
        for slot in counts.indices {
            let low = slot == 0 ? -Double.infinity : edge(slot - 1)
            let high = slot == counts.count - 1 ? Double.infinity : edge(slot)
            if var open = current {
                open.high = high
                open.count += counts[slot]
                current = open
            } else {
                current = (low, high, counts[slot])
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

    /// The round step (1, 2 or 5 times a power of ten) nearest above `raw`; 1 for a range of nothing.
    static func roundStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw { return factor * power }
        return 10 * power
    }
}
