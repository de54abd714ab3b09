import Foundation

extension CronExpression {
    /// How far ahead the search looks before it concludes the expression never fires again: one full
    /// Gregorian cycle, after which every calendar repeats.
    static let horizon: Int64 = 146_097 * 86_400 + 86_400

    /// The first instant strictly after `date` at which the expression fires in `timeZone`; nil when no
    /// matching time exists within 400 years (parsing already rejects days no month has) or `date` lies
    /// beyond the year 30000.
    ///
    /// Daylight saving time:
    /// - A wall time skipped by a spring-forward gap fires once, at the first instant after the gap
    ///   (02:30 on a night that jumps from 02:00 to 03:00 fires at 03:00); several skipped times that
    ///   match fire only that once.
    /// - A wall time repeated by a fall-back fires once, at its first occurrence. An expression whose
    ///   hour field starts with `*` (such as `@hourly` or `*/15 * * * *`) names intervals rather than
    ///   times of day, so it keeps firing through the repeated hour (01:30 EDT, then 01:30 EST).
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        let after = date.timeIntervalSince1970
        guard after.isFinite, abs(after) < 1e12 else { return nil }
        let horizonEnd = after + Double(CronExpression.horizon)
        var segmentStart = after
        var startInclusive = false
        var repeatedWallEnd = previousRepeatedWallEnd(before: date, in: timeZone)

        while segmentStart < horizonEnd {
            let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: segmentStart)))
            let transition = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: segmentStart))
            let segmentEnd = min(transition?.timeIntervalSince1970 ?? horizonEnd, horizonEnd)

            // Wall seconds of the first candidate: the next whole minute after `after`, or the segment start.
            let wallStart = segmentStart + offset
            var from = startInclusive ? Int64(wallStart.rounded(.up)) : Int64(wallStart.rounded(.down)) + 1
            if !hourIsWildcard, let end = repeatedWallEnd { from = max(from, end) }
            let limit = Int64((segmentEnd + offset).rounded(.up))
            if let wall = firstMatch(from: from, before: limit) {
                return Date(timeIntervalSince1970: Double(wall) - offset)
            }
            guard segmentEnd < horizonEnd else { return nil }

            let newOffset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: segmentEnd)))
            if newOffset > offset {
                // Spring forward: wall times in the gap do not exist; any that match fire as it ends.
                let gapStart = max(from, Int64((segmentEnd + offset).rounded(.up)))
                if firstMatch(from: gapStart, before: Int64((segmentEnd + newOffset).rounded(.up))) != nil {
                    return Date(timeIntervalSince1970: segmentEnd)
                }
                repeatedWallEnd = nil
            } else {
                // Fall back: wall times before this end occur a second time in the next segment.
                repeatedWallEnd = Int64((segmentEnd + offset).rounded(.up))
            }
            segmentStart = segmentEnd
            startInclusive = true
        }
        return nil
    }

    /// When `date` is just after a fall-back transition, the wall time up to which clocks repeat.
    private func previousRepeatedWallEnd(before date: Date, in timeZone: TimeZone) -> Int64? {
        // Repeated hours last at most a few hours, so a transition more than a day back does not matter.
        guard let transition = timeZone.nextDaylightSavingTimeTransition(after: date.addingTimeInterval(-86_400)),
            transition <= date
        else { return nil }
        let before = timeZone.secondsFromGMT(for: transition.addingTimeInterval(-1))
        let after = timeZone.secondsFromGMT(for: transition)
        guard before > after else { return nil }
        return Int64((transition.timeIntervalSince1970 + Double(before)).rounded(.up))
    }
}
