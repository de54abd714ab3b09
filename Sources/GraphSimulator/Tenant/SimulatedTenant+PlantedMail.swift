import Foundation

/// The planted mail of the organisation: each manager's weekly team update to their direct reports, and
/// each report's weekly status to their manager. Each message is the same mail in the sender's Sent Items
/// and in every recipient's Inbox (one `internetMessageId`, subject, sender, recipients and sending time;
/// per-mailbox ids, each copy with its owner's own `isRead`, flag and time of receipt).
///
/// Both directions of the manager tree are arithmetic on the heap (see `SimulatedTenant+Organization`), so a
/// mailbox finds its planted mail alone, without an index of the tenant, as it finds its planted meetings.
/// Planted mail follows the first generation's tree between members with a mailbox; it is sent on weekdays
/// in the sender's office hours, inside the mail window, and evolution never adds or deletes any.
extension SimulatedTenant {
    /// A weekly series of planted mail.
    public enum PlantedMailSeries: Hashable, Sendable {
        /// A manager's weekly update to all their direct reports with a mailbox, one message with each in To.
        case teamNote(manager: Int)
        /// A direct report's weekly status to their manager.
        case statusReport(report: Int)

        /// Who sends the series.
        public var sender: Int {
            switch self {
            case .teamNote(let manager): manager
            case .statusReport(let report): report
            }
        }
    }

    /// One planted message: the message of one week of a series.
    public struct PlantedMessage: Hashable, Sendable {
        public let series: PlantedMailSeries
        /// The week of the series (weeks counted from the week before the mail window).
        public let week: Int
        /// The sender's user index.
        public let sender: Int
        /// The user indexes of the To recipients, in the order the message lists them.
        public let recipients: [Int]
        /// When it was sent; each copy in an Inbox is received up to `plantedMailLatestDelay` seconds later.
        public let sentDateTime: Date
    }

    /// The most seconds between sending a planted message and its arrival in an Inbox.
    public static let plantedMailLatestDelay: Int64 = 30

    /// The planted mail of a user of the first generation: what they send (their Sent Items' copies), then
    /// what they receive (their Inbox's copies), each series by week. Empty for users without a mailbox in
    /// the first generation; a user deleted since keeps theirs here, as the other copies stay.
    public func plantedMail(ofUserAt index: Int) -> [PlantedMessage] {
        let layout = plantedMailLayout(ofUserAt: index)
        return (layout.sentItems + layout.inbox).flatMap { entry in
            let (sender, recipients) = participants(of: entry.series)
            return entry.weeks.map { week in
                PlantedMessage(
                    series: entry.series, week: week, sender: sender, recipients: recipients,
                    sentDateTime: Date(timeIntervalSince1970: TimeInterval(entry.sent(week: week))))
            }
        }
    }

    /// The sender of a series and its To recipients: a manager's reports with a mailbox (ascending), or a
    /// report's manager.
    public func participants(of series: PlantedMailSeries) -> (sender: Int, recipients: [Int]) {
        switch series {
        case .teamNote(let manager): (manager, plantedReportsWithMailbox(ofUserAt: manager))
        case .statusReport(let report): (report, plantedManager(ofUserAt: report).map { [$0] } ?? [])
        }
    }

    /// The series a user sends and receives, with their times: empty but for members of the first generation.
    func plantedMailLayout(ofUserAt index: Int) -> PlantedMailLayout {
        var layout = PlantedMailLayout()
        guard index >= 0, index < baseUserCount, kind(at: index) == .member else { return layout }
        let reports = plantedReportsWithMailbox(ofUserAt: index)
        let manager = plantedManager(ofUserAt: index).flatMap { kind(at: $0) == .member ? $0 : nil }
        if !reports.isEmpty { layout.sentItems.append(plantedSeries(.teamNote(manager: index))) }
        if let manager {
            layout.sentItems.append(plantedSeries(.statusReport(report: index)))
            layout.inbox.append(plantedSeries(.teamNote(manager: manager)))
        }
        for report in reports { layout.inbox.append(plantedSeries(.statusReport(report: report))) }
        return layout
    }

    /// The user's direct reports in the first generation's tree who have a mailbox, ascending.
    func plantedReportsWithMailbox(ofUserAt index: Int) -> [Int] {
        plantedReports(ofUserAt: index).filter { kind(at: $0) == .member }
    }

    /// A series with the weeks it sends inside the mail window.
    ///
    /// A team update goes out on a weekday drawn for the manager between 10:00 and 11:00 at their office; a
    /// status on Thursday or Friday between 12:30 and 14:00. Both stay inside every working day the mailbox
    /// settings give (07:00 to 15:00 at the shortest) even in summer time, so planted mail adds no after-hours
    /// mail. Only weeks whose copies all arrive before the window ends are sent.
    private func plantedSeries(_ series: PlantedMailSeries) -> PlantedMailLayout.Series {
        let roll = SplitMix64.hash(seed, GenerationStream.plantedMail.rawValue, plantedMailKey(series))
        let day = timeline.start / 86_400 - 7
        let monday = day - (day + 3) % 7  // 1970-01-01 was a Thursday
        let weekday: Int64
        let localSecond: Int64
        switch series {
        case .teamNote:
            weekday = Int64(roll % 5)
            localSecond = 10 * 3600 + Int64((roll >> 8) % 3600)
        case .statusReport:
            weekday = 3 + Int64(roll % 2)
            localSecond = 12 * 3600 + 1800 + Int64((roll >> 8) % 5400)
        }
        let first = (monday + weekday) * 86_400 + localSecond - officeOffset(ofUserAt: series.sender)
        /// The first week sent at or after `second`.
        func firstWeek(from second: Int64) -> Int {
            let distance = second - first
            return distance <= 0 ? 0 : Int((distance + PlantedMailLayout.weekSeconds - 1) / PlantedMailLayout.weekSeconds)
        }
        let low = firstWeek(from: timeline.start)
        let high = firstWeek(from: timeline.end - Self.plantedMailLatestDelay)
        return PlantedMailLayout.Series(series: series, firstSent: first, weeks: low..<max(low, high))
    }

    func plantedMailKey(_ series: PlantedMailSeries) -> UInt64 {
        switch series {
        case .teamNote(let manager): SplitMix64.hash(1, UInt64(truncatingIfNeeded: manager))
        case .statusReport(let report): SplitMix64.hash(2, UInt64(truncatingIfNeeded: report))
        }
    }

    /// Seconds between sending a planted message and its arrival in a recipient's Inbox: 1 to 30.
    func plantedDelay(messageKey: UInt64, recipient: Int) -> Int64 {
        1 + Int64(SplitMix64.hash(seed, GenerationStream.plantedMail.rawValue, messageKey, UInt64(truncatingIfNeeded: recipient), 0xDE)
            % UInt64(Self.plantedMailLatestDelay))
    }
}
