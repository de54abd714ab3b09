import FerryCore

/// Everything the analysis computes from: people, de-duplicated mail and meetings, data quality.
///
/// Flat arrays, no per-event objects or strings: mail recipients and meeting invitees are slices of
/// `recipients` and `invitees`, participants are numbers (`Participant`).
public struct CollaborationData: Sendable {
    public var people: [Person] = []
    public var mails: [MailEvent] = []
    /// Every mail's recipients, in mail order (see `MailEvent.recipientSlots`).
    public var recipients: [Participant] = []
    public var meetings: [Meeting] = []
    /// Every meeting's invitees, in meeting order (see `Meeting.inviteeSlots`).
    public var invitees: [Meeting.Invitee] = []
    /// Per outsider number: whether the address is in one of the organisation's domains.
    public var outsiderIsInternal: [Bool] = []
    public var quality = DataQuality()
    /// The organisation's mail domains (from the directory's addresses), for internal versus external.
    public var domains: Set<String> = []

    public init() {}

    /// Whether the participant is the organisation's: a person, or an address in one of its domains.
    public func isInternal(_ participant: Participant) -> Bool {
        participant.isPerson || outsiderIsInternal[participant.outsider]
    }

    /// A new outsider.
    public mutating func addOutsider(isInternal: Bool) -> Participant {
        outsiderIsInternal.append(isInternal)
        return Participant(outsider: outsiderIsInternal.count - 1)
    }

    /// Appends one mail.
    public mutating func addMail(sent: UTCTimestamp, sender: Participant, to: [Participant], cc: [Participant]) {
        mails.append(MailEvent(
            sent: sent, sender: sender, recipientStart: Int32(recipients.count), toCount: Int32(to.count), ccCount: Int32(cc.count)))
        recipients += to
        recipients += cc
    }

    /// Appends one meeting; `invitees` start with the organizer.
    public mutating func addMeeting(
        start: UTCTimestamp, end: UTCTimestamp, organizer: Participant, invitees list: [Meeting.Invitee],
        isCancelled: Bool = false, isAllDay: Bool = false, isRecurring: Bool = false, defaultShowAs: Meeting.ShowAs = .busy
    ) {
        meetings.append(Meeting(
            start: start, end: end, organizer: organizer, inviteeStart: Int32(invitees.count), inviteeCount: Int32(list.count),
            isCancelled: isCancelled, isAllDay: isAllDay, isRecurring: isRecurring, defaultShowAs: defaultShowAs))
        invitees += list
    }

    /// The mail's recipients, To first.
    public func recipients(of mail: MailEvent) -> ArraySlice<Participant> { recipients[mail.recipientSlots] }

    /// People who hold a copy of a mail in their own mailbox though its header does not name them (a mail
    /// to a distribution list names the list, not its members), each person and mail once: `mail` indexes
    /// `mails`.
    public var mailCopies: [(mail: Int32, person: Int32)] = []

    /// The meeting's invitees, the organizer first.
    public func invitees(of meeting: Meeting) -> ArraySlice<Meeting.Invitee> { invitees[meeting.inviteeSlots] }

    /// The distinct participants who took part (organizer or accepted), the organizer first.
    public func accepted(_ meeting: Meeting) -> [Participant] {
        var people: [Participant] = []
        for invitee in invitees(of: meeting) where invitee.response.takesPart && !people.contains(invitee.participant) {
            people.append(invitee.participant)
        }
        return people
    }
}
