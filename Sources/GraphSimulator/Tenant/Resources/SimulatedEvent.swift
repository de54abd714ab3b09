import Foundation

/// One calendar item as an export sees it: a single event or series master (`/events`), or one instance
/// of a calendar view (`/calendarView`: single events, occurrences and exceptions).
public struct SimulatedEvent: Sendable, Equatable {
    /// One attendee and their answer.
    public struct Attendee: Sendable, Equatable {
        /// Name and address.
        public let emailAddress: SimulatedEmailAddress
        /// `required`, `optional` or `resource` (a room).
        public let type: String
        /// `accepted`, `tentativelyAccepted`, `declined`, `none` or `notResponded`.
        public let response: String
    }

    /// The Outlook id; occurrences have their own.
    public let id: String
    /// Index of the calendar's owner.
    public let userIndex: Int
    /// `singleInstance`, `seriesMaster`, `occurrence` or `exception`.
    public let type: String
    /// The series' id for occurrences and exceptions; nil otherwise.
    public let seriesMasterId: String?
    /// May be empty or hold quotes, a newline, CJK or right-to-left script; cancelled events start `Canceled: `.
    public let subject: String
    /// Start (UTC); for a series master, its first occurrence's.
    public let start: Date
    /// End (UTC).
    public let end: Date
    /// All-day events run from midnight to midnight UTC.
    public let isAllDay: Bool
    /// Cancelled by the organizer but still in the calendar.
    public let isCancelled: Bool
    /// A Teams meeting, with a join URL.
    public let isOnlineMeeting: Bool
    /// Whether the calendar's owner organized it.
    public let isOrganizer: Bool
    /// Who organized it.
    public let organizer: SimulatedEmailAddress
    /// The invited people and rooms, the owner among them when someone else organized it.
    public let attendees: [Attendee]
    /// `daily` or `weekly` for series masters; nil otherwise.
    public let recurrencePattern: String?
    /// When the item was created.
    public let createdDateTime: Date
    /// When the item last changed.
    public let lastModifiedDateTime: Date
    /// The location's display name; may be empty.
    public let location: String
    /// The meeting's `iCalUId`: the same in every attendee's copy of a planted meeting.
    public var iCalUId: String = ""
    /// The owner's own answer (`organizer` when they organized it), as `responseStatus.response`.
    public var ownerResponse: String = ""
}

extension SimulatedEvent {
    init(_ instance: EventInstance) {
        let draft = instance.draft
        var pattern: String?
        if instance.isSeriesMaster, case .series(let weekly, _, _, _) = draft.kind { pattern = weekly ? "weekly" : "daily" }
        self.init(
            id: instance.id,
            userIndex: draft.mailbox.userIndex,
            type: instance.type,
            seriesMasterId: instance.occurrence == nil ? nil : draft.id,
            subject: draft.subject,
            start: Date(timeIntervalSince1970: TimeInterval(instance.start)),
            end: Date(timeIntervalSince1970: TimeInterval(instance.end)),
            isAllDay: draft.isAllDay,
            isCancelled: draft.isCancelled,
            isOnlineMeeting: draft.isOnlineMeeting,
            isOrganizer: draft.isOrganizer,
            organizer: draft.organizer,
            attendees: draft.attendees.map { Attendee(emailAddress: $0.address, type: $0.type, response: $0.response) },
            recurrencePattern: pattern,
            createdDateTime: Date(timeIntervalSince1970: TimeInterval(draft.created)),
            lastModifiedDateTime: Date(timeIntervalSince1970: TimeInterval(draft.lastModified)),
            location: EventVocabulary.locations[draft.location].name,
            iCalUId: instance.iCalUId,
            ownerResponse: draft.ownerResponse)
    }
}
