/// What the input looked like: coverage, duplicates removed, anomalies; written as the `data_quality` table.
public struct DataQuality: Sendable {
    /// Rows read per dataset.
    public var rowsRead: [String: Int] = [:]
    /// Mail rows that repeated a mail already seen in another mailbox (by internetMessageId).
    public var duplicateMailRows = 0
    /// Calendar rows that repeated a meeting already seen in another calendar (by iCalUId and start).
    public var duplicateMeetingRows = 0
    /// Rows skipped because a required column was missing or unreadable, per dataset.
    public var skippedRows: [String: Int] = [:]
    /// Datasets not found, and what that costs.
    public var missingDatasets: [(dataset: String, cost: String)] = []
    /// People whose mailbox time zone and working-hours time zone differ.
    public var timeZoneMismatches = 0
    /// Time zone names that could not be mapped to an IANA zone (UTC was used).
    public var unknownTimeZones: [String: Int] = [:]
    /// People without mailbox settings (default working hours used).
    public var peopleWithoutMailboxSettings = 0
    /// Person-weeks with no activity at all, dropped from group averages.
    public var inactivePersonWeeks = 0
    /// People in the directory.
    public var people = 0
    /// The first and last day (days since 1970-01-01) of the mail and calendar partitions read; nil when
    /// the records were handed over without partitions.
    public var daysRead: ClosedRange<Int>?
    /// Weeks of the period the days read cover only in part, with the days they cover: their figures
    /// describe fewer than seven days.
    public var partialWeeks: [(week: Int, days: Int)] = []
}
