import FerryCore

/// Computes every `PersonMetric` for every person and week of the data.
///
/// Each person's sent mail, received mail and counted meetings are gathered once into flat per-person
/// lists (compressed rows), then people are computed in parallel, each on their own.
public struct PersonWeekCalculator: Sendable {
    public let assumptions: Assumptions

    public init(assumptions: Assumptions = Assumptions()) {
        self.assumptions = assumptions
    }

    /// Per-person lists in compressed rows: person p's items are `items[offsets[p]..<offsets[p + 1]]`.
    struct Rows<Item: Sendable>: Sendable {
        var offsets: [Int]
        var items: [Item]

        init(people: Int, _ forEach: ((Int, Item) -> Void) -> Void, zero: Item) {
            var offsets = Array(repeating: 0, count: people + 1)
            forEach { person, _ in offsets[person + 1] += 1 }
            for person in 0..<people { offsets[person + 1] += offsets[person] }
            var fill = offsets
            var items = Array(repeating: zero, count: offsets[people])
            forEach { person, item in
                items[fill[person]] = item
                fill[person] += 1
            }
            self.offsets = offsets
            self.items = items
        }

        subscript(person: Int) -> ArraySlice<Item> { items[offsets[person]..<offsets[person + 1]] }
    }

    /// One row per person and week from `firstWeek` to `lastWeek` (Mondays as day numbers), inactive weeks included.
    public func compute(_ data: CollaborationData, firstWeek: Int? = nil, lastWeek: Int? = nil) -> [PersonWeek] {
        let rules = MeetingRules(assumptions)
        let people = data.people.count
        let counted = data.meetings.map { rules.countedPeople($0, in: data) }
        var dataWeeks = Set<Int>()
        for mail in data.mails { dataWeeks.insert(Week.start(of: mail.sent)) }
        for (index, meeting) in data.meetings.enumerated() where !counted[index].isEmpty { dataWeeks.insert(Week.start(of: meeting.start)) }
        guard let first = firstWeek ?? dataWeeks.min(), let last = lastWeek ?? dataWeeks.max(), first <= last else { return [] }
        let weekCount = (last - first) / 7 + 1

        let sent = Rows<Double>(people: people, { add in
            for mail in data.mails where mail.sender.isPerson { add(Int(mail.sender.raw), Self.seconds(mail.sent)) }
        }, zero: 0)
        let received = Rows<Double>(people: people, { add in
            var seen: [Int32] = []
            for mail in data.mails {
                seen.removeAll(keepingCapacity: true)
                for recipient in data.recipients(of: mail) where recipient.isPerson && recipient != mail.sender && !seen.contains(recipient.raw) {
                    seen.append(recipient.raw)
                    add(Int(recipient.raw), Self.seconds(mail.sent))
                }
            }
            // Copies in the mailboxes of people the header does not name (a mail to a list they are on).
            for copy in data.mailCopies { add(Int(copy.person), Self.seconds(data.mails[Int(copy.mail)].sent)) }
        }, zero: 0)
        let meetingsOf = Rows<Int32>(people: people, { add in
            for (index, persons) in counted.enumerated() {
                for person in persons { add(Int(person), Int32(index)) }
            }
        }, zero: 0)
        let network = NetworkSize.compute(
            data, rules: rules, countedPeople: counted, firstWeek: first, weeks: weekCount, window: max(1, assumptions.networkWindowWeeks))

        let chunks = parallelChunks(people) { range in
            var rows: [PersonWeek] = []
            rows.reserveCapacity(range.count * weekCount)
            for person in range {
                rows += personWeeks(
                    person, data: data, first: first, weekCount: weekCount, sent: sent[person], received: received[person],
                    meetings: meetingsOf[person], network: network.counts[person])
            }
            return rows
        }
        return chunks.flatMap { $0 }
    }

    private func personWeeks(
        _ person: Int, data: CollaborationData, first: Int, weekCount: Int, sent: ArraySlice<Double>, received: ArraySlice<Double>,
        meetings: ArraySlice<Int32>, network: [(internal: Int32, external: Int32)]
    ) -> [PersonWeek] {
        let sentSeconds = assumptions.minutesPerSentMail * 60
        let readSeconds = assumptions.minutesPerReadMail * 60
        let hours = data.people[person].workingHours
        var rows = (0..<weekCount).map { PersonWeek(person: person, week: first + 7 * $0) }
        func row(_ seconds: Double) -> Int? {
            let week = Week.start(ofDay: Int((seconds / 86_400).rounded(.down)))
            let index = (week - first) / 7
            return week >= first && index < weekCount ? index : nil
        }
        var mailIntervals = Array(repeating: IntervalSet(), count: weekCount)
        for time in sent {
            guard let w = row(time) else { continue }
            rows[w][.emailsSent] += 1
            rows[w][.emailHours] += sentSeconds / 3600
            if !hours.contains(seconds: time) { rows[w][.afterHoursEmailHours] += sentSeconds / 3600 }
            mailIntervals[w].insert(start: time - sentSeconds, end: time)
        }
        for time in received {
            guard let w = row(time) else { continue }
            rows[w][.emailsReceived] += 1
            rows[w][.emailHours] += readSeconds / 3600
            if !hours.contains(seconds: time) { rows[w][.afterHoursEmailHours] += readSeconds / 3600 }
        }
        var meetingIntervals = Array(repeating: IntervalSet(), count: weekCount)
        var recurringIntervals = Array(repeating: IntervalSet(), count: weekCount)
        let manager = data.people[person].manager
        let skipLevel = manager.flatMap { data.people[$0].manager }
        for index in meetings {
            let meeting = data.meetings[Int(index)]
            let start = Self.seconds(meeting.start)
            guard let w = row(start) else { continue }
            let end = Self.seconds(meeting.end)
            meetingIntervals[w].insert(start: start, end: end)
            if meeting.isRecurring { recurringIntervals[w].insert(start: start, end: end) }
            let meetingHours = meeting.seconds / 3600
            rows[w][.meetings] += 1
            if Int(meeting.inviteeCount) <= assumptions.smallMeetingMaxInvitees {
                rows[w][.smallMeetings] += 1
            } else {
                rows[w][.largeMeetings] += 1
            }
            if meeting.seconds > assumptions.longMeetingMinutes * 60 { rows[w][.longMeetings] += 1 }
            let invitees = data.invitees(of: meeting)
            if let manager, invitees.contains(where: { $0.participant.raw == Int32(manager) }) {
                var distinct: [Participant] = []
                for invitee in invitees where !distinct.contains(invitee.participant) { distinct.append(invitee.participant) }
                if distinct.count == 2 {
                    rows[w][.managerOneOnOneHours] += meetingHours
                } else {
                    rows[w][.managerMeetingHours] += meetingHours
                }
            }
            if let skipLevel, invitees.contains(where: { $0.participant.raw == Int32(skipLevel) }) {
                rows[w][.skipLevelMeetingHours] += meetingHours
            }
        }
        for w in 0..<weekCount {
            let intervals = meetingIntervals[w]
            if !intervals.intervals.isEmpty {
                let union = intervals.union
                let covered = union.reduce(0.0) { $0 + $1.end - $1.start }
                rows[w][.meetingHours] = covered / 3600
                rows[w][.conflictingMeetingHours] = intervals.doublyCoveredSeconds / 3600
                let within = union.reduce(0.0) { $0 + hours.secondsWithin(from: $1.start, to: $1.end) }
                rows[w][.afterHoursMeetingHours] = (covered - within) / 3600
                if !mailIntervals[w].intervals.isEmpty { rows[w][.multitaskingHours] = mailIntervals[w].overlapSeconds(with: intervals) / 3600 }
            }
            if !recurringIntervals[w].intervals.isEmpty { rows[w][.recurringMeetingHours] = recurringIntervals[w].coveredSeconds / 3600 }
            rows[w][.collaborationHours] = rows[w][.meetingHours] + rows[w][.emailHours] - rows[w][.multitaskingHours]
            rows[w][.afterHoursCollaborationHours] = rows[w][.afterHoursMeetingHours] + rows[w][.afterHoursEmailHours]
            rows[w][.internalNetworkSize] = Double(network[w].internal)
            rows[w][.externalNetworkSize] = Double(network[w].external)
        }
        return rows
    }

    static func seconds(_ instant: UTCTimestamp) -> Double { Double(instant.millisecondsSinceEpoch) / 1000 }
}
