/// One event as a calendar view shows it: a single event, or one occurrence (or exception) of a series.
struct EventInstance: Sendable {
    let draft: EventDraft
    /// The occurrence's number within its series; nil for single events and for series masters.
    let occurrence: Int?
    /// The start of this instance, seconds since 1970.
    let start: Int64
    /// True for the series itself, as `/events` lists it.
    var isSeriesMaster = false

    var end: Int64 { start + draft.duration }

    /// `singleInstance`, `seriesMaster`, `occurrence` or `exception`.
    var type: String {
        if isSeriesMaster { return "seriesMaster" }
        guard let occurrence else { return "singleInstance" }
        return occurrence == draft.movedOccurrence ? "exception" : "occurrence"
    }

    /// Orders instances that start together: by item, then occurrence.
    var ordinalKey: Int { draft.ordinal << 8 | (occurrence ?? 0) }

    /// The Outlook id: the item's for singles and masters; occurrences append their number.
    var id: String {
        let suffix = draft.mailbox.itemIdSuffix(ordinal: draft.ordinal)
        guard let occurrence else { return draft.mailbox.calendar.itemIdTemplate.string(suffix: suffix) }
        return draft.mailbox.calendar.itemIdTemplate.string(suffix: suffix + [0x00, UInt8(truncatingIfNeeded: occurrence + 1)])
    }
}
