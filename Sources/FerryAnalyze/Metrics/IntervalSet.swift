/// Time intervals in seconds, for overlaps counted once and for time covered twice.
public struct IntervalSet: Sendable {
    public private(set) var intervals: [(start: Double, end: Double)] = []

    public init() {}

    public init(_ intervals: [(start: Double, end: Double)]) {
        self.intervals = intervals.filter { $0.end > $0.start }
    }

    public mutating func insert(start: Double, end: Double) {
        if end > start { intervals.append((start, end)) }
    }

    /// The disjoint union, sorted.
    public var union: [(start: Double, end: Double)] {
        let sorted = intervals.sorted { $0.start < $1.start }
        var merged: [(start: Double, end: Double)] = []
        for interval in sorted {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1].end = max(last.end, interval.end)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// The length of the union: overlapping time counted once.
    public var coveredSeconds: Double { union.reduce(0) { $0 + $1.end - $1.start } }

    /// The length of the time covered by two intervals or more.
    public var doublyCoveredSeconds: Double {
        var events: [(time: Double, delta: Int)] = []
        for interval in intervals {
            events.append((interval.start, 1))
            events.append((interval.end, -1))
        }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var depth = 0
        var total = 0.0
        var previous = 0.0
        for event in events {
            if depth >= 2 { total += event.time - previous }
            depth += event.delta
            previous = event.time
        }
        return total
    }

    /// The length of the intersection of the two unions.
    public func overlapSeconds(with other: IntervalSet) -> Double {
        let a = union
        let b = other.union
        var i = 0
        var j = 0
        var total = 0.0
        while i < a.count && j < b.count {
            total += max(0, min(a[i].end, b[j].end) - max(a[i].start, b[j].start))
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return total
    }
}
