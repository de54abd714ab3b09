/// The planted meetings of the organisation: a weekly 1:1 of each manager with each direct report, and a
/// fortnightly all-hands per department, each the same meeting in every internal attendee's calendar (one
/// `uid` and `iCalUId`, one attendee list, each copy with its owner's own `responseStatus` and `isOrganizer`).
///
/// Both directions of the manager tree are arithmetic on the heap (see `SimulatedTenant+Organization`), so a
/// mailbox finds its planted meetings alone, without an index of the tenant: the 1:1 with its manager, those
/// with its reports, its department's all-hands. They follow the first generation's tree, so evolving the
/// tenant never adds or removes one. They take the ordinals after the mailbox's own events of the first
/// generation and are never deleted by evolution.
extension SimulatedTenant {
    /// A meeting of the planted structure.
    public enum PlantedMeeting: Hashable, Sendable {
        /// The weekly 30-minute 1:1 a manager organizes with one direct report.
        case oneOnOne(manager: Int, report: Int)
        /// The fortnightly one-hour all-hands a department head organizes for the whole department.
        case allHands(head: Int)
    }

    /// Departments with more invitees than this invite their distribution list to the all-hands rather than
    /// each member, so that no calendar copy carries thousands of attendees (a 100,000-user tenant's
    /// departments have 12,500 people).
    static let allHandsListAbove = 250

    /// Minutes of a planted 1:1, and of an all-hands.
    static let oneOnOneMinutes: Int64 = 30
    static let allHandsMinutes: Int64 = 60

    /// The planted meetings in a user's calendar, in ordinal order: the 1:1 with their manager, the 1:1s with
    /// their direct reports (ascending), their department's all-hands. Empty for users without mail.
    public func plantedMeetings(ofUserAt index: Int) -> [PlantedMeeting] {
        guard index >= 0, index < baseUserCount, kind(at: index) == .member else { return [] }
        var meetings: [PlantedMeeting] = []
        if let manager = plantedManager(ofUserAt: index), kind(at: manager) == .member {
            meetings.append(.oneOnOne(manager: manager, report: index))
        }
        for report in plantedReports(ofUserAt: index) where kind(at: report) == .member {
            meetings.append(.oneOnOne(manager: index, report: report))
        }
        if let head = plantedDepartment(ofUserAt: index), kind(at: head) == .member, index != head || allHandsInvitees(head: head).count > 0 {
            meetings.append(.allHands(head: head))
        }
        return meetings
    }

    /// The user's manager in the first generation's tree: the nearest heap ancestor who is not a guest.
    public func plantedManager(ofUserAt index: Int) -> Int? {
        guard index > 0, index < baseUserCount, kind(at: index) != .guest else { return nil }
        var parent = (index - 1) / Self.managerFanOut
        while kind(at: parent) == .guest {
            guard parent > 0 else { return nil }
            parent = (parent - 1) / Self.managerFanOut
        }
        return parent
    }

    /// The user's direct reports in the first generation's tree, ascending: the inverse of `plantedManager`.
    public func plantedReports(ofUserAt index: Int) -> [Int] {
        guard index >= 0, index < baseUserCount, kind(at: index) != .guest else { return [] }
        var reports: [Int] = []
        var pending = [index]
        while let node = pending.popLast() {
            let first = node * Self.managerFanOut + 1
            guard first < baseUserCount else { continue }
            for child in first..<min(baseUserCount, first + Self.managerFanOut) where child > 0 {
                if kind(at: child) == .guest { pending.append(child) } else { reports.append(child) }
            }
        }
        return reports.sorted()
    }

    /// The people invited to a department's all-hands besides its head: every member with mail in the
    /// head's subtree of the first generation, ascending.
    public func allHandsInvitees(head: Int) -> [Int] {
        var invitees: [Int] = []
        var low = head * Self.managerFanOut + 1
        var high = head * Self.managerFanOut + Self.managerFanOut + 1
        while low < baseUserCount {
            for index in low..<min(high, baseUserCount) where kind(at: index) == .member { invitees.append(index) }
            low = low * Self.managerFanOut + 1
            high = (high - 1) * Self.managerFanOut + Self.managerFanOut + 1
        }
        return invitees
    }

    /// The organizer of a planted meeting and the other people invited, in the attendee list's order.
    public func participants(of meeting: PlantedMeeting) -> (organizer: Int, invitees: [Int]) {
        switch meeting {
        case .oneOnOne(let manager, let report): (manager, [report])
        case .allHands(let head): (head, allHandsInvitees(head: head))
        }
    }

    /// How an invitee answered a planted meeting: the same in every copy. 1:1s are mostly accepted; an
    /// all-hands gets every kind of answer.
    public func plantedResponse(of invitee: Int, to meeting: PlantedMeeting) -> String {
        let roll = SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, meetingKey(meeting), UInt64(truncatingIfNeeded: invitee)) % 100
        switch meeting {
        case .oneOnOne: return roll < 88 ? "accepted" : roll < 95 ? "tentativelyAccepted" : "declined"
        case .allHands: return roll < 70 ? "accepted" : roll < 82 ? "tentativelyAccepted" : roll < 90 ? "declined" : "none"
        }
    }

    /// The starts of a planted meeting's occurrences (seconds since 1970), from a week before the mail window
    /// to as many days after the anchor as the window is long, on weekdays in the organizer's office hours.
    public func plantedOccurrenceStarts(of meeting: PlantedMeeting) -> [Int64] {
        let series = plantedSeries(meeting)
        return (0..<series.count).map { series.start + Int64($0 * series.weeks) * 7 * 86_400 }
    }

    private func plantedSeries(_ meeting: PlantedMeeting) -> (start: Int64, weeks: Int, count: Int) {
        let organizer = participants(of: meeting).organizer
        let key = meetingKey(meeting)
        let roll = SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, key)
        let day = timeline.start / 86_400 - 7
        let monday = day - (day + 3) % 7  // 1970-01-01 was a Thursday
        let weekday: Int64
        let weeks: Int
        let localMinutes: Int64
        switch meeting {
        case .oneOnOne(let manager, let report):
            // A manager's 1:1s take different slots of the week (5 days x 10:00 to 14:30 in half hours), one
            // per report in turn from a slot drawn for the manager, so they never overlap each other.
            weeks = 1
            let position = plantedReports(ofUserAt: manager).firstIndex(of: report) ?? 0
            let managerRoll = SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, UInt64(truncatingIfNeeded: manager))
            let slot = (Int(managerRoll % 50) + position * 7) % 50
            weekday = Int64(slot / 10)
            localMinutes = 600 + Int64(slot % 10) * 30
        case .allHands:
            weeks = 2
            weekday = Int64(roll % 5)
            localMinutes = 15 * 60
        }
        let start = (monday + weekday) * 86_400 + localMinutes * 60 - officeOffset(ofUserAt: organizer)
        let span = 2 * (timeline.end - timeline.start) + 14 * 86_400
        return (start, weeks, Int(span / (Int64(weeks) * 7 * 86_400)) + 1)
    }

    private func meetingKey(_ meeting: PlantedMeeting) -> UInt64 {
        switch meeting {
        case .oneOnOne(let manager, let report): SplitMix64.hash(1, UInt64(truncatingIfNeeded: manager), UInt64(truncatingIfNeeded: report))
        case .allHands(let head): SplitMix64.hash(2, UInt64(truncatingIfNeeded: head))
        }
    }

    /// The standard offset from UTC of the user's office, in seconds.
    ///
    /// Only the draws before the office are replayed, without building the user's names: planted mail
    /// asks this for the sender of every planted message a mailbox lists.
    func officeOffset(ofUserAt index: Int) -> Int64 {
        var draw = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.user.rawValue, UInt64(truncatingIfNeeded: index)))
        _ = Self.identityDraws(&draw)
        return Self.officeOffsets[draw.pick(TenantVocabulary.offices).city] ?? 0
    }

    /// The planted meeting at `position` among the mailbox's planted meetings, as its owner's copy.
    func plantedEventDraft(in mailbox: SimulatedMailbox, ordinal: Int, meeting: PlantedMeeting) -> EventDraft {
        let (organizerIndex, inviteeIndexes) = participants(of: meeting)
        let key = meetingKey(meeting)
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, key, 0xE7))
        let series = plantedSeries(meeting)
        let created = series.start - Int64(7 * 86_400 + random.below(21 * 86_400))
        func responded(_ invitee: Int, _ response: String) -> Int64? {
            response == "none" ? nil : created + Int64(600 + Int(SplitMix64.hash(key, UInt64(truncatingIfNeeded: invitee)) % 86_400))
        }
        var attendees: [EventDraft.Attendee] = []
        var ownerResponse = ("organizer", Int64?.none)
        if inviteeIndexes.count > Self.allHandsListAbove {
            // A large department's all-hands invites its distribution list, as real ones do: each copy lists the
            // list, not thousands of people, and carries its owner's own answer.
            if organizerIndex != mailbox.userIndex {
                let response = plantedResponse(of: mailbox.userIndex, to: meeting)
                ownerResponse = (response, responded(mailbox.userIndex, response))
            }
            let list = SimulatedEmailAddress(
                name: plantedDepartmentName(head: organizerIndex) + " (all)", address: "all-\(organizerIndex)@" + primaryDomain)
            attendees = [EventDraft.Attendee(address: list, type: "required", response: "none", responded: nil)]
        } else {
            for invitee in inviteeIndexes {
                guard let address = emailAddress(ofUserAt: invitee) else { continue }
                let response = plantedResponse(of: invitee, to: meeting)
                let answered = responded(invitee, response)
                attendees.append(EventDraft.Attendee(address: address, type: "required", response: response, responded: answered))
                if invitee == mailbox.userIndex { ownerResponse = (response, answered) }
            }
        }
        let isOrganizer = organizerIndex == mailbox.userIndex
        let organizer = isOrganizer ? mailbox.owner : emailAddress(ofUserAt: organizerIndex) ?? mailbox.owner
        let isOneOnOne = if case .oneOnOne = meeting { true } else { false }
        return EventDraft(
            mailbox: mailbox,
            ordinal: ordinal,
            kind: .series(weekly: true, interval: series.weeks, count: series.count, endsByDate: false),
            start: series.start,
            duration: (isOneOnOne ? Self.oneOnOneMinutes : Self.allHandsMinutes) * 60,
            topic: isOneOnOne ? 1 : 17,  // "1:1", "Town hall"
            sentences: [],
            isCancelled: false,
            isOnlineMeeting: !isOneOnOne,
            organizer: organizer,
            isOrganizer: isOrganizer,
            attendees: attendees,
            ownerResponse: ownerResponse.0,
            ownerResponded: ownerResponse.1,
            location: isOneOnOne ? 4 : 7,  // none, "Microsoft Teams Meeting"
            showAs: "busy",
            sensitivity: "normal",
            importance: "normal",
            reminderMinutes: 15,
            categories: [],
            created: created,
            lastModified: created,
            changeNumber: random.next(),
            movedOccurrence: nil,
            cancelledOccurrence: nil,
            hasUnknownProperty: false,
            sharedUid: (SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, key, 1) | 0x1 << 63,
                        SplitMix64.hash(seed, GenerationStream.plantedMeeting.rawValue, key, 2)))
    }
}
