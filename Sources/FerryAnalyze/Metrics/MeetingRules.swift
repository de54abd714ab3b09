/// Which meetings count, for whom: the exclusions of `Meeting_hours`, named in `Assumptions`.
struct MeetingRules {
    let assumptions: Assumptions
    private let busy: Set<String>

    init(_ assumptions: Assumptions) {
        self.assumptions = assumptions
        busy = Set(assumptions.busyShowAs)
    }

    /// Whether the meeting counts at all: not cancelled, not all-day, not too long, enough accepted.
    func countsAtAll(_ meeting: Meeting) -> Bool {
        !meeting.isCancelled && !meeting.isAllDay && meeting.seconds > 0
            && meeting.seconds <= assumptions.maxMeetingHours * 3600
            && meeting.accepted.count >= assumptions.minAcceptedParticipants
    }

    /// The people for whom the meeting counts: those who organised or accepted it and show as busy.
    func countedPeople(_ meeting: Meeting) -> [Int32] {
        guard countsAtAll(meeting) else { return [] }
        var people: [Int32] = []
        for invitee in meeting.invitees where invitee.participant.isPerson {
            guard invitee.response == "organizer" || invitee.response == "accepted" else { continue }
            let showAs = meeting.showAs[invitee.participant.person] ?? meeting.defaultShowAs
            if busy.contains(showAs), !people.contains(invitee.participant.person) { people.append(invitee.participant.person) }
        }
        return people
    }
}
