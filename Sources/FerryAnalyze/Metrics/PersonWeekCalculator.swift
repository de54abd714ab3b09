import FerryCore

/// Computes every `PersonMetric` for every person and week of the data.
public struct PersonWeekCalculator {
    public let assumptions: Assumptions

    public init(assumptions: Assumptions = Assumptions()) {
        self.assumptions = assumptions
    }

    /// One row per person and week from `firstWeek` to `lastWeek` (Mondays as day numbers), inactive weeks included.
    public func compute(_ data: CollaborationData, firstWeek: Int? = nil, lastWeek: Int? = nil) -> [PersonWeek] {
        let rules = MeetingRules(assumptions)
        let sentSeconds = assumptions.minutesPerSentMail * 60
        let readSeconds = assumptions.minutesPerReadMail * 60
        var sent = Array(repeating: [Double](), count: data.people.count)
        var received = Array(repeating: [Double](), count: data.people.count)
        var meetingsOf = Array(repeating: [Int](), count: data.people.count)
        var contacts = ContactLedger(people: data.people.count)
        var weeks = Set<Int>()

        for mail in data.mails {
            let time = Self.seconds(mail.sent)
            weeks.insert(Week.start(of: mail.sent))
            if mail.sender.isPerson { sent[Int(mail.sender.person)].append(time) }
            var seen = Set<Int32>()
            for recipient in mail.recipients where recipient.isPerson && recipient.person != mail.sender.person {
                if seen.insert(recipient.person).inserted { received[Int(recipient.person)].append(time) }
            }
            if mail.recipients.count <= assumptions.massMailRecipients {
                let week = Week.start(of: mail.sent)
                for recipient in mail.recipients where recipient.address != mail.sender.address {
                    contacts.record(from: mail.sender, to: recipient, week: week)
                }
            }
        }
        for (index, meeting) in data.meetings.enumerated() {
            let people = rules.countedPeople(meeting)
            guard !people.isEmpty else { continue }
            let week = Week.start(of: meeting.start)
            weeks.insert(week)
            for person in people { meetingsOf[Int(person)].append(index) }
            let accepted = meeting.accepted
            for person in people {
                let me = Participant(person: person, address: "", isInternal: true)
                for other in accepted where other.person != person {
                    contacts.record(from: me, to: other, week: week)
                    contacts.record(from: other, to: me, week: week)
                }
            }
        }
        guard let first = firstWeek ?? weeks.min(), let last = lastWeek ?? weeks.max(), first <= last else { return [] }
        var rows: [PersonWeek] = []
        for person in data.people.indices {
            let hours = data.people[person].workingHours
            var byWeek: [Int: PersonWeek] = [:]
            for week in stride(from: first, through: last, by: 7) { byWeek[week] = PersonWeek(person: person, week: week) }

            var mailIntervals: [Int: IntervalSet] = [:]
            for time in sent[person] {
                let week = Week.start(ofDay: Int((time / 86_400).rounded(.down)))
                guard byWeek[week] != nil else { continue }
                byWeek[week]![.emailsSent] += 1
                byWeek[week]![.emailHours] += sentSeconds / 3600
                if !hours.contains(UTCTimestamp(millisecondsSinceEpoch: Int64(time * 1000))) {
                    byWeek[week]![.afterHoursEmailHours] += sentSeconds / 3600
                }
                mailIntervals[week, default: IntervalSet()].insert(start: time - sentSeconds, end: time)
            }
            for time in received[person] {
                let week = Week.start(ofDay: Int((time / 86_400).rounded(.down)))
                guard byWeek[week] != nil else { continue }
                byWeek[week]![.emailsReceived] += 1
                byWeek[week]![.emailHours] += readSeconds / 3600
                if !hours.contains(UTCTimestamp(millisecondsSinceEpoch: Int64(time * 1000))) {
                    byWeek[week]![.afterHoursEmailHours] += readSeconds / 3600
                }
            }

            var meetingIntervals: [Int: IntervalSet] = [:]
            var recurringIntervals: [Int: IntervalSet] = [:]
            let manager = data.people[person].manager
            let skipLevel = manager.flatMap { data.people[$0].manager }
            for index in meetingsOf[person] {
                let meeting = data.meetings[index]
                let week = Week.start(of: meeting.start)
                guard byWeek[week] != nil else { continue }
                let start = Self.seconds(meeting.start)
                let end = Self.seconds(meeting.end)
                meetingIntervals[week, default: IntervalSet()].insert(start: start, end: end)
                if meeting.isRecurring { recurringIntervals[week, default: IntervalSet()].insert(start: start, end: end) }
                let meetingHours = meeting.seconds / 3600
                byWeek[week]![.meetings] += 1
                if meeting.invitees.count <= assumptions.smallMeetingMaxInvitees {
                    byWeek[week]![.smallMeetings] += 1
                } else {
                    byWeek[week]![.largeMeetings] += 1
                }
                if meeting.seconds > assumptions.longMeetingMinutes * 60 { byWeek[week]![.longMeetings] += 1 }
                let invitees = Set(meeting.invitees.map(\.participant.address))
                let people = meeting.invitees.map { Int($0.participant.person) }
                if let manager, people.contains(manager) {
                    if invitees.count == 2 {
                        byWeek[week]![.managerOneOnOneHours] += meetingHours
                    } else {
                        byWeek[week]![.managerMeetingHours] += meetingHours
                    }
                }
                if let skipLevel, people.contains(skipLevel) { byWeek[week]![.skipLevelMeetingHours] += meetingHours }
            }
            for (week, intervals) in meetingIntervals {
                let covered = intervals.coveredSeconds
                byWeek[week]![.meetingHours] = covered / 3600
                byWeek[week]![.conflictingMeetingHours] = intervals.doublyCoveredSeconds / 3600
                let within = intervals.union.reduce(0.0) { $0 + hours.secondsWithin(from: $1.start, to: $1.end) }
                byWeek[week]![.afterHoursMeetingHours] = (covered - within) / 3600
                if let mail = mailIntervals[week] { byWeek[week]![.multitaskingHours] = mail.overlapSeconds(with: intervals) / 3600 }
            }
            for (week, intervals) in recurringIntervals { byWeek[week]![.recurringMeetingHours] = intervals.coveredSeconds / 3600 }
            for week in byWeek.keys {
                var row = byWeek[week]!
                row[.collaborationHours] = row[.meetingHours] + row[.emailHours] - row[.multitaskingHours]
                row[.afterHoursCollaborationHours] = row[.afterHoursMeetingHours] + row[.afterHoursEmailHours]
                let size = contacts.reciprocalCounts(of: person, endingWith: week, weeks: assumptions.networkWindowWeeks)
                row[.internalNetworkSize] = Double(size.internal)
                row[.externalNetworkSize] = Double(size.external)
                byWeek[week] = row
            }
            rows += byWeek.values.sorted { $0.week < $1.week }
        }
        return rows
    }

    static func seconds(_ instant: UTCTimestamp) -> Double { Double(instant.millisecondsSinceEpoch) / 1000 }
}
