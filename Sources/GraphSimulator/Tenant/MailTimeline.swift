/// When mail arrives in the window before the anchor: mostly in weekday office hours (UTC), little at night.
///
/// Maps a fraction of the window's mail (0..<1) to a time through the window's cumulative hourly weight.
/// The map is monotone, so evenly stratified fractions give messages already sorted by time, and any
/// message's time can be computed alone, without generating the others.
struct MailTimeline: Sendable {
    /// First second of the window (inclusive).
    let start: Int64
    /// First second after the window.
    let end: Int64
    /// `cumulative[h]` is the weight of the window's hours before hour `h`; one more entry than hours.
    private let cumulative: [Double]

    init(end: Int64, days: Int) {
        self.end = end
        start = end - Int64(days) * 86_400
        var cumulative = [0.0]
        cumulative.reserveCapacity(days * 24 + 1)
        var total = 0.0
        for hour in 0..<(days * 24) {
            total += Self.weight(ofHourStarting: start + Int64(hour) * 3600)
            cumulative.append(total)
        }
        self.cumulative = cumulative
    }

    /// The second at which the given fraction of the window's mail has arrived; `fraction` is in 0..<1.
    func second(at fraction: Double) -> Int64 {
        let target = fraction * cumulative[cumulative.count - 1]
        // The last hour whose cumulative weight does not exceed the target.
        var low = 0
        var high = cumulative.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if cumulative[middle] <= target { low = middle } else { high = middle - 1 }
        }
        let weight = cumulative[low + 1] - cumulative[low]
        let withinHour = min(3599, Int64(((target - cumulative[low]) / weight * 3600).rounded(.down)))
        return start + Int64(low) * 3600 + max(0, withinHour)
    }

    /// Relative amount of mail in an hour, by UTC weekday and hour.
    private static func weight(ofHourStarting second: Int64) -> Double {
        let days = second >= 0 ? second / 86_400 : (second - 86_399) / 86_400
        let hour = Int((second - days * 86_400) / 3600)
        // 1970-01-01 was a Thursday; weekday 0 is Monday.
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        let weekend = weekday >= 5
        switch hour {
        case 8..<18: return weekend ? 1.5 : 10
        case 7, 18..<21: return weekend ? 1 : 3
        default: return 0.5
        }
    }
}
