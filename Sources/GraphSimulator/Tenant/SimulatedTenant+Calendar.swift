import Foundation

/// Ground truth of calendars: what `/events` and `/calendarView` list for a user.
extension SimulatedTenant {
    /// The user's events now, as `/events` lists them: single events and series masters, no occurrences.
    public func events(ofUserAt index: Int) -> [SimulatedEvent] {
        guard let mailbox = mailbox(ofUserAt: index) else { return [] }
        return eventRuns(in: mailbox).map { SimulatedEvent(eventInstance(in: mailbox, ordinal: $0)) }
    }

    /// The instances of the user's calendar that overlap `start..<end`, as `/calendarView` lists them.
    public func calendarView(ofUserAt index: Int, from start: Date, to end: Date) -> [SimulatedEvent] {
        guard let mailbox = mailbox(ofUserAt: index) else { return [] }
        return calendarInstances(in: mailbox, from: GraphTimestamp.epochSeconds(start), before: GraphTimestamp.epochSeconds(end))
            .map(SimulatedEvent.init)
    }

    /// The event at `ordinal` as `/events` shows it: itself, or its series master.
    func eventInstance(in mailbox: SimulatedMailbox, ordinal: Int) -> EventInstance {
        let draft = eventDraft(in: mailbox, ordinal: ordinal)
        return EventInstance(draft: draft, occurrence: nil, start: draft.start, isSeriesMaster: draft.isSeries)
    }
}
