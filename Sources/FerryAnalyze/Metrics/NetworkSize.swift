/// Internal and external network size: per person and week, the participants with a reciprocal
/// interaction (something each way) within the `window` weeks ending with that week.
///
/// Every interaction is one 64-bit word in its person's list (the other participant, the week, the
/// direction); each list is sorted once and swept, so no set is built per person and week.
struct NetworkSize {
    /// Per person, per week from `firstWeek` (index = (week - firstWeek) / 7): (internal, external).
    private(set) var counts: [[(internal: Int32, external: Int32)]]

    static func compute(
        _ data: CollaborationData, rules: MeetingRules, countedPeople: [[Int32]], firstWeek: Int, weeks: Int, window: Int
    ) -> NetworkSize {
        let people = data.people.count
        let base = firstWeek - 7 * (window - 1)
        let span = weeks + window - 1
        let massMail = rules.assumptions.massMailRecipients
        // Calls `record(person, other, weekIndex, direction)` for every interaction: 0 out, 1 in.
        func forEach(_ record: (Int, Int32, Int, UInt64) -> Void) {
            func interaction(_ from: Participant, _ to: Participant, _ week: Int) {
                if from.isPerson { record(Int(from.raw), to.raw, week, 0) }
                if to.isPerson { record(Int(to.raw), from.raw, week, 1) }
            }
            for mail in data.mails where mail.recipientCount <= massMail {
                let week = (Week.start(of: mail.sent) - base) / 7
                guard week >= 0 && week < span else { continue }
                for recipient in data.recipients(of: mail) where recipient != mail.sender { interaction(mail.sender, recipient, week) }
            }
            for (index, meeting) in data.meetings.enumerated() where !countedPeople[index].isEmpty {
                let week = (Week.start(of: meeting.start) - base) / 7
                guard week >= 0 && week < span else { continue }
                let accepted = data.accepted(meeting)
                guard rules.isTie(accepted: accepted.count) else { continue }
                for person in countedPeople[index] {
                    let me = Participant(person: Int(person))
                    for other in accepted where other != me {
                        interaction(me, other, week)
                        interaction(other, me, week)
                    }
                }
            }
        }
        var offsets = Array(repeating: 0, count: people + 1)
        forEach { person, _, _, _ in offsets[person + 1] += 1 }
        for person in 0..<people { offsets[person + 1] += offsets[person] }
        var fill = offsets
        var entries = [UInt64](repeating: 0, count: offsets[people])
        forEach { person, other, week, direction in
            entries[fill[person]] = UInt64(UInt32(bitPattern: other)) << 32 | UInt64(week) << 1 | direction
            fill[person] += 1
        }
        let rowOffsets = offsets
        let rows: [[[(internal: Int32, external: Int32)]]] = entries.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let shared = buffer
            return parallelChunks(people) { range in
                var result: [[(internal: Int32, external: Int32)]] = []
                for person in range {
                    var slice = UnsafeMutableBufferPointer(rebasing: shared[rowOffsets[person]..<rowOffsets[person + 1]])
                    slice.sort()
                    var counts = Array(repeating: (internal: Int32(0), external: Int32(0)), count: weeks)
                    var i = 0
                    while i < slice.count {
                        let other = Int32(bitPattern: UInt32(slice[i] >> 32))
                        var j = i
                        while j < slice.count && slice[j] >> 32 == slice[i] >> 32 { j += 1 }
                        // Weeks with an interaction each way, ascending (the words sort by week within one other).
                        var latestOut = Int.min / 2
                        var latestIn = Int.min / 2
                        var k = i
                        let isInternal = data.isInternal(Participant(raw: other))
                        let firstEvent = Int((slice[i] & 0xFFFF_FFFF) >> 1)
                        for weekIndex in max(firstEvent, window - 1)..<span {
                            while k < j && Int((slice[k] & 0xFFFF_FFFF) >> 1) <= weekIndex {
                                if slice[k] & 1 == 0 { latestOut = Int((slice[k] & 0xFFFF_FFFF) >> 1) } else { latestIn = Int((slice[k] & 0xFFFF_FFFF) >> 1) }
                                k += 1
                            }
                            if k == j && min(latestOut, latestIn) + window <= weekIndex { break }
                            if latestOut > weekIndex - window && latestIn > weekIndex - window {
                                let row = weekIndex - (window - 1)
                                if isInternal { counts[row].internal += 1 } else { counts[row].external += 1 }
                            }
                        }
                        i = j
                    }
                    result.append(counts)
                }
                return result
            }
        }
        return NetworkSize(counts: rows.flatMap { $0 })
    }
}
