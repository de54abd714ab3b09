/// Calendars: single events, all-day events and recurring series, spread over the days before and after
/// the anchor; each later generation schedules a few new meetings and removes one now and then.
extension SimulatedTenant {
    /// The event ordinals of a mailbox now, in the order `/events` lists them.
    /// The mailbox's planted meetings (see `SimulatedTenant+PlantedMeetings`) follow its own events.
    func eventRuns(in mailbox: SimulatedMailbox) -> OrdinalRuns {
        var runs = itemRuns(of: .events, in: mailbox, baseCount: mailbox.calendar.drawn, timeOf: { _ in 0 })
        let planted = plantedMeetings(ofUserAt: mailbox.userIndex).count
        runs.append(mailbox.calendar.drawn..<mailbox.calendar.drawn + planted)
        return runs
    }

    /// Draws the event at `ordinal` of a mailbox's calendar.
    func eventDraft(in mailbox: SimulatedMailbox, ordinal: Int) -> EventDraft {
        if ordinal >= mailbox.calendar.drawn, ordinal >> Self.generationShift == 0 {
            let meetings = plantedMeetings(ofUserAt: mailbox.userIndex)
            return plantedEventDraft(in: mailbox, ordinal: ordinal, meeting: meetings[ordinal - mailbox.calendar.drawn])
        }
        var random = SplitMix64(
            seed: SplitMix64.hash(
                seed, GenerationStream.event.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        let step = ordinal >> Self.generationShift
        let windowDays = Int((timeline.end - timeline.start) / 86_400)
        let firstDay: Int64
        if step == 0 {
            // The calendar spans the mail window before the anchor and as many days after it.
            firstDay = timeline.start + Int64(random.below(2 * windowDays)) * 86_400
        } else {
            let scheduledAt = anchorSeconds + Int64(step - 1) * Self.generationSpan
            firstDay = (scheduledAt / 86_400 + 1 + Int64(random.below(14))) * 86_400
        }

        let kindRoll = random.below(100)
        let kind: EventDraft.Kind
        let start: Int64
        let duration: Int64
        if kindRoll < 10 {
            let days = random.chance(80) ? 1 : 2 + random.below(3)
            kind = .allDay(days: days)
            start = firstDay
            duration = Int64(days) * 86_400
        } else {
            start = firstDay + Int64(8 + random.below(10)) * 3600 + (random.chance(50) ? 1800 : 0)
            duration = Int64([30, 30, 60, 60, 60, 90, 120][random.below(7)]) * 60
            if kindRoll < 35 {
                let weekly = random.chance(75)
                kind = .series(
                    weekly: weekly, interval: weekly && random.chance(25) ? 2 : 1,
                    count: weekly ? 3 + random.below(8) : 3 + random.below(5), endsByDate: random.chance(40))
            } else {
                kind = .single
            }
        }
        let isSeries = if case .series = kind { true } else { false }
        let occurrenceCount = if case .series(_, _, let count, _) = kind { count } else { 1 }

        let isOrganizer = random.chance(45)
        let organizer = isOrganizer ? mailbox.owner : correspondent(excluding: mailbox.userIndex, internalPercent: 85, random: &random).address
        let created: Int64
        if step == 0 {
            created = min(start - Int64(3600 + random.below(30 * 86_400)), anchorSeconds - Int64(1 + random.below(3600)))
        } else {
            created = anchorSeconds + Int64(step - 1) * Self.generationSpan + Int64(random.below(Int(Self.generationSpan)))
        }
        // Nothing of the first generation happens after the anchor, the tenant's "now".
        let latest = step == 0 ? max(created, anchorSeconds - 1) : Int64.max
        var attendees: [EventDraft.Attendee] = []
        func response(_ random: inout SplitMix64) -> (String, Int64?) {
            let response = random.pick(EventVocabulary.responses)
            let answered = response == "none" || response == "notResponded" ? nil : min(latest, created + Int64(60 + random.below(86_400)))
            return (response, answered)
        }
        var ownerResponse = ("organizer", Int64?.none)
        if !isOrganizer {
            ownerResponse = response(&random)
            attendees.append(EventDraft.Attendee(address: mailbox.owner, type: "required", response: ownerResponse.0, responded: ownerResponse.1))
        }
        let kindIsAllDay = kindRoll < 10
        for _ in 0..<(kindIsAllDay ? random.below(2) : random.below(6)) {
            let address = correspondent(excluding: mailbox.userIndex, internalPercent: 85, random: &random).address
            guard address != organizer, !attendees.contains(where: { $0.address == address }) else { continue }
            let (answer, answered) = response(&random)
            attendees.append(EventDraft.Attendee(address: address, type: random.pick(EventVocabulary.attendeeTypes), response: answer, responded: answered))
        }
        let location = random.below(EventVocabulary.locations.count)
        if EventVocabulary.locations[location].isRoom, random.chance(60) {
            let room = EventVocabulary.locations[location].name
            let address = "room" + String(location) + "@" + primaryDomain
            attendees.append(EventDraft.Attendee(
                address: SimulatedEmailAddress(name: room, address: address), type: "resource", response: "accepted", responded: min(latest, created + 5)))
        }
        let isCancelled = !kindIsAllDay && random.chance(5)
        return EventDraft(
            mailbox: mailbox,
            ordinal: ordinal,
            kind: kind,
            start: start,
            duration: duration,
            topic: random.below(EventVocabulary.subjects.count),
            sentences: (0..<random.below(3)).map { _ in random.below(EventVocabulary.sentences.count) },
            isCancelled: isCancelled,
            isOnlineMeeting: !kindIsAllDay && random.chance(45),
            organizer: organizer,
            isOrganizer: isOrganizer,
            attendees: attendees,
            ownerResponse: ownerResponse.0,
            ownerResponded: ownerResponse.1,
            location: location,
            showAs: kindIsAllDay ? (random.chance(50) ? "free" : "oof") : random.pick(EventVocabulary.showAs),
            sensitivity: random.chance(8) ? "private" : "normal",
            importance: random.chance(6) ? "high" : "normal",
            reminderMinutes: kindIsAllDay ? 1080 : [0, 5, 15, 15, 15, 30][random.below(6)],
            categories: random.chance(12) ? random.pick(MessageVocabulary.categories) : [],
            created: created,
            lastModified: min(latest, created + Int64(random.below(2 * 86_400))),
            changeNumber: random.next(),
            movedOccurrence: isSeries && random.chance(30) ? 1 + random.below(max(1, occurrenceCount - 1)) : nil,
            cancelledOccurrence: isSeries && random.chance(20) ? random.below(occurrenceCount) : nil,
            hasUnknownProperty: random.chance(4))
    }

    /// The instances of a mailbox's calendar that overlap `lower..<upper`, sorted by start then id:
    /// single events, occurrences and exceptions of series, never series masters.
    func calendarInstances(in mailbox: SimulatedMailbox, from lower: Int64, before upper: Int64) -> [EventInstance] {
        var instances: [EventInstance] = []
        for ordinal in eventRuns(in: mailbox) {
            let draft = eventDraft(in: mailbox, ordinal: ordinal)
            for occurrence in draft.occurrences where occurrence.start < upper && occurrence.start + draft.duration > lower {
                instances.append(EventInstance(draft: draft, occurrence: draft.isSeries ? occurrence.number : nil, start: occurrence.start))
            }
        }
        return instances.sorted { ($0.start, $0.ordinalKey) < ($1.start, $1.ordinalKey) }
    }
}
