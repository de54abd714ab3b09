/// Which meetings count, for whom: the exclusions of `Meeting_hours`, named in `Assumptions`.
struct MeetingRules {
    let assumptions: Assumptions
    /// Per `Meeting.ShowAs` raw value: whether it counts as time spent.
    private let busy: [Bool]

    init(_ assumptions: Assumptions) {
        self.assumptions = assumptions
        let names = Set(assumptions.busyShowAs)
        busy = Meeting.ShowAs.allCases.map { names.contains($0.text) }
    }

    /// Whether the meeting counts at all: not cancelled, not all-day, not too long, enough accepted.
    func countsAtAll(_ meeting: Meeting, in data: CollaborationData) -> Bool {
        countsAtAll(meeting, accepted: data.accepted(meeting).count)
    }

    func countsAtAll(_ meeting: Meeting, accepted: Int) -> Bool {
        !meeting.isCancelled && !meeting.isAllDay && meeting.seconds > 0
            && meeting.seconds <= assumptions.maxMeetingHours * 3600
            && accepted >= assumptions.minAcceptedParticipants
    }

    /// The people for whom the meeting counts: those who organised or accepted it and show as busy.
    func countedPeople(_ meeting: Meeting, in data: CollaborationData) -> [Int32] {
        guard countsAtAll(meeting, in: data) else { return [] }
        var people: [Int32] = []
        for invitee in data.invitees(of: meeting) where invitee.participant.isPerson && invitee.response.takesPart {
            let showAs = invitee.showAs ?? meeting.defaultShowAs
            if busy[Int(showAs.rawValue)], !people.contains(invitee.participant.raw) { people.append(invitee.participant.raw) }
        }
        return people
    }

    /// Whether the meeting's ties go into the graph and network size: at most `massMeetingParticipants` took part.
    func isTie(accepted: Int) -> Bool { accepted <= assumptions.massMeetingParticipants }
}
