/// The person-week metrics, with Viva-compatible names and our own definitions.
public enum PersonMetric: String, CaseIterable, Sendable, Codable {
    case emailsSent = "Emails_sent"
    case emailsReceived = "Emails_received"
    case emailHours = "Email_hours"
    case meetingHours = "Meeting_hours"
    case meetings = "Meetings"
    case smallMeetings = "Small_meetings"
    case largeMeetings = "Large_meetings"
    case longMeetings = "Long_meetings"
    case recurringMeetingHours = "Recurring_meeting_hours"
    case afterHoursEmailHours = "After_hours_email_hours"
    case afterHoursMeetingHours = "After_hours_meeting_hours"
    case afterHoursCollaborationHours = "After_hours_collaboration_hours"
    case collaborationHours = "Collaboration_hours"
    case managerOneOnOneHours = "Meeting_hours_with_manager_1_on_1"
    case managerMeetingHours = "Meeting_hours_with_manager"
    case skipLevelMeetingHours = "Meeting_hours_with_skip_level"
    case multitaskingHours = "Multitasking_meeting_hours"
    case conflictingMeetingHours = "Conflicting_meeting_hours"
    case internalNetworkSize = "Internal_network_size"
    case externalNetworkSize = "External_network_size"

    /// The metric's place in `allCases` (and in `PersonWeek.values`).
    var position: Int {
        switch self {
        case .emailsSent: 0
        case .emailsReceived: 1
        case .emailHours: 2
        case .meetingHours: 3
        case .meetings: 4
        case .smallMeetings: 5
        case .largeMeetings: 6
        case .longMeetings: 7
        case .recurringMeetingHours: 8
        case .afterHoursEmailHours: 9
        case .afterHoursMeetingHours: 10
        case .afterHoursCollaborationHours: 11
        case .collaborationHours: 12
        case .managerOneOnOneHours: 13
        case .managerMeetingHours: 14
        case .skipLevelMeetingHours: 15
        case .multitaskingHours: 16
        case .conflictingMeetingHours: 17
        case .internalNetworkSize: 18
        case .externalNetworkSize: 19
        }
    }

    /// The column name in the output tables.
    public var column: String { rawValue }

    /// Whether the metric is hours (capped and noised as hours) rather than a count.
    public var isHours: Bool { rawValue.hasSuffix("_hours") || rawValue.hasSuffix("_1_on_1") || rawValue.contains("hours_with") }

    /// The formula, in words, as published in `definitions.json`.
    public var definition: String {
        switch self {
        case .emailsSent: "distinct mails (by internetMessageId) the person sent in the week (by sentDateTime)"
        case .emailsReceived: "distinct mails with the person among To, Cc or Bcc recipients, or with a copy in the person's own mailbox (a mail to a distribution list they are on), sent in the week"
        case .emailHours: "Emails_sent x minutesPerSentMail / 60 + Emails_received x minutesPerReadMail / 60"
        case .meetingHours:
            "the union of the person's counted meetings starting in the week, in hours (overlaps once). A meeting counts for the person "
            + "when they organised or accepted it, it is not cancelled, not all-day, at most maxMeetingHours long, has at least "
            + "minAcceptedParticipants accepted participants, and shows as one of busyShowAs in their calendar"
        case .meetings: "the number of counted meetings starting in the week"
        case .smallMeetings: "counted meetings with at most smallMeetingMaxInvitees invitees (organizer included, resources excluded)"
        case .largeMeetings: "counted meetings with more than smallMeetingMaxInvitees invitees"
        case .longMeetings: "counted meetings longer than longMeetingMinutes"
        case .recurringMeetingHours: "the union of counted meetings that are occurrences or exceptions of a series, in hours"
        case .afterHoursEmailHours:
            "mail sent outside the sender's working hours x minutesPerSentMail + mail received outside the recipient's working hours "
            + "x minutesPerReadMail, in hours; working hours and time zone from the person's mailbox settings (Windows zone names "
            + "mapped to IANA), Monday-Friday 08:00-17:00 UTC when unknown"
        case .afterHoursMeetingHours: "the part of Meeting_hours outside the person's working hours, in the person's own time zone"
        case .afterHoursCollaborationHours: "After_hours_meeting_hours + After_hours_email_hours"
        case .collaborationHours: "Meeting_hours + Email_hours - Multitasking_meeting_hours (time in both counted once)"
        case .managerOneOnOneHours: "counted meetings whose invitees are exactly the person and their manager, in hours"
        case .managerMeetingHours: "counted meetings with the person's manager and at least one other invitee, in hours"
        case .skipLevelMeetingHours: "counted meetings attended by the manager of the person's manager, in hours"
        case .multitaskingHours:
            "the real overlap of mail writing with the person's counted meetings: each sent mail occupies the minutesPerSentMail "
            + "before its sentDateTime; the union of those intervals intersected with the union of meetings, in hours"
        case .conflictingMeetingHours: "the time covered by two or more of the person's counted meetings at once, in hours"
        case .internalNetworkSize:
            "internal people with a reciprocal interaction (a mail or a counted meeting in each direction; co-attendance counts both "
            + "ways; mass mail excluded) within the networkWindowWeeks weeks ending with this week"
        case .externalNetworkSize: "the same for addresses outside the organisation's directory and domains"
        }
    }
}
