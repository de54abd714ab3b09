/// An event (a single event or a recurring series) as drawn from its random stream.
///
/// Occurrences of a series are not drawn: they follow from the series' start, pattern and count, so a
/// calendar view over any window is computed from the few series of the mailbox.
struct EventDraft: Sendable {
    enum Kind: Sendable, Equatable {
        case single
        case allDay(days: Int)
        /// `interval` days or weeks between occurrences, `count` of them.
        case series(weekly: Bool, interval: Int, count: Int, endsByDate: Bool)
    }

    struct Attendee: Sendable, Equatable {
        let address: SimulatedEmailAddress
        /// `required`, `optional` or `resource`.
        let type: String
        let response: String
        /// When they responded; nil for `none` and `notResponded`.
        let responded: Int64?
    }

    let mailbox: SimulatedMailbox
    let ordinal: Int
    let kind: Kind
    /// Seconds since 1970 (UTC) of the (first) start.
    let start: Int64
    let duration: Int64
    let topic: Int
    let sentences: [Int]
    let isCancelled: Bool
    let isOnlineMeeting: Bool
    let organizer: SimulatedEmailAddress
    let isOrganizer: Bool
    let attendees: [Attendee]
    /// The owner's response: `organizer` when they organized it.
    let ownerResponse: String
    let ownerResponded: Int64?
    let location: Int
    let showAs: String
    let sensitivity: String
    let importance: String
    let reminderMinutes: Int
    let categories: [String]
    let created: Int64
    let lastModified: Int64
    let changeNumber: UInt64
    /// The occurrence moved by an hour (an `exception`), if any.
    let movedOccurrence: Int?
    /// The occurrence deleted from the series, if any; calendar views skip it.
    let cancelledOccurrence: Int?
    /// Whether the item carries a property Graph's v1.0 schema does not document.
    let hasUnknownProperty: Bool
    /// The words of the `uid` (and `iCalUId`) shared by every attendee's copy of a planted meeting; nil for
    /// the mailbox's own events, whose uid derives from the mailbox GUID and the ordinal.
    var sharedUid: (UInt64, UInt64)? = nil

    /// The two words the `uid` is written from.
    var uidWords: (UInt64, UInt64) {
        sharedUid ?? (mailbox.guidWords.0, mailbox.guidWords.1 ^ UInt64(ordinal))
    }

    var isSeries: Bool {
        if case .series = kind { return true }
        return false
    }

    var isAllDay: Bool {
        if case .allDay = kind { return true }
        return false
    }

    var subject: String {
        let subject = EventVocabulary.subjects[topic]
        return isCancelled ? "Canceled: " + subject : subject
    }

    var id: String { mailbox.calendar.itemIdTemplate.string(suffix: mailbox.itemIdSuffix(ordinal: ordinal)) }

    /// Starts of the occurrences of a series in order (one element for a single event), moves applied,
    /// the cancelled one left out; with their occurrence numbers.
    var occurrences: [(number: Int, start: Int64)] {
        guard case .series(let weekly, let interval, let count, _) = kind else { return [(0, start)] }
        let step = Int64(interval) * (weekly ? 7 : 1) * 86_400
        return (0..<count).compactMap { number in
            guard number != cancelledOccurrence else { return nil }
            return (number, start + Int64(number) * step + (number == movedOccurrence ? 3600 : 0))
        }
    }

    /// The last day any occurrence starts on, as the series' end date.
    var lastOccurrenceStart: Int64 {
        guard case .series(let weekly, let interval, let count, _) = kind else { return start }
        return start + Int64(count - 1) * Int64(interval) * (weekly ? 7 : 1) * 86_400
    }

    var bodyPreview: String {
        sentences.map { EventVocabulary.sentences[$0] }.joined(separator: "\r\n")
    }

    var body: String {
        "<html><body>" + sentences.map { "<p>" + EventVocabulary.sentences[$0] + "</p>" }.joined() + "</body></html>"
    }
}
