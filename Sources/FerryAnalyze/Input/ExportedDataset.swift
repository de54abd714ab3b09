/// The datasets `ferry analyze` reads, and what the analysis loses when one is missing.
public enum ExportedDataset: String, CaseIterable, Sendable {
    case users, managers, messages
    case sentItems = "sent_items"
    case calendarView = "calendar_view"
    case mailboxSettings = "mailbox_settings"
    case groupMembers = "group_members"

    /// Whether the dataset is a snapshot of the directory (partitioned by run date) rather than dated events.
    public var isSnapshot: Bool {
        switch self {
        case .users, .managers, .mailboxSettings, .groupMembers: true
        case .messages, .sentItems, .calendarView: false
        }
    }

    /// The columns the analysis reads; JSON lines are scanned and only these are parsed.
    public var columnsRead: [String] {
        switch self {
        case .users: ["id", "mail", "userPrincipalName", "department", "officeLocation", "userType"]
        case .managers: ["puser", "id"]
        case .mailboxSettings: ["puser", "timeZone", "workingHours"]
        case .groupMembers: ["pgroup", "id"]
        case .messages, .sentItems:
            ["puser", "id", "internetMessageId", "sentDateTime", "receivedDateTime", "from", "sender", "toRecipients", "ccRecipients",
             "bccRecipients"]
        case .calendarView:
            ["puser", "id", "iCalUId", "type", "seriesMasterId", "start", "end", "isAllDay", "isCancelled", "isOrganizer",
             "responseStatus", "showAs", "organizer", "attendees"]
        }
    }

    /// What the analysis cannot compute, or computes less well, without this dataset.
    public var costWhenMissing: String {
        switch self {
        case .users:
            "people are known only from mail and calendar owners: no departments, offices or internal/external split by directory"
        case .managers:
            "no manager tree: manager 1:1 and skip-level hours are zero"
        case .messages:
            "no Inbox copies: mail received is known only from other people's Sent Items, and external senders are missing"
        case .sentItems:
            "no Sent Items: mail sent is known only from recipients' Inboxes"
        case .calendarView:
            "no meetings: meeting hours, meeting ties, multitasking and conflicts are zero"
        case .mailboxSettings:
            "no working hours or time zones: after-hours figures assume Monday-Friday 08:00-17:00 UTC"
        case .groupMembers:
            "no group memberships: groups can be departments, offices or detected communities only"
        }
    }
}
