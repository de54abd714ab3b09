import FerryCore

/// One meeting occurrence, however many calendars it was seen in (de-duplicated by `iCalUId` and start).
public struct Meeting: Sendable {
    /// One invitee and their answer.
    public struct Invitee: Sendable {
        public var participant: Participant
        /// `organizer`, `accepted`, `tentativelyAccepted`, `declined`, `notResponded` or `none`.
        public var response: String
        /// `required`, `optional` or `resource` (rooms and equipment, never people).
        public var type: String
    }

    public var start: UTCTimestamp
    public var end: UTCTimestamp
    public var organizer: Participant
    /// Everyone invited, the organizer first, resources left out.
    public var invitees: [Invitee]
    public var isCancelled: Bool
    public var isAllDay: Bool
    /// Whether it is an occurrence or exception of a recurring series.
    public var isRecurring: Bool
    /// How the meeting shows in each attendee's own calendar, by person index.
    public var showAs: [Int32: String]
    /// The show-as of the first copy read, for people whose own calendar was not exported.
    public var defaultShowAs: String

    /// The length in seconds.
    public var seconds: Double { Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000 }

    /// The invitees who accepted (the organizer counts as accepted).
    public var accepted: [Participant] {
        invitees.filter { $0.response == "organizer" || $0.response == "accepted" }.map(\.participant)
    }
}
