/// The Graph application permissions the simulated app registration was granted, and Graph's 403 for a
/// request none of them allows.
///
/// Each endpoint family is allowed by its least-privileged permission and by those that include it
/// (`Mail.ReadWrite` reads mail too; `Directory.Read.All` reads users and groups). Graph answers a missing
/// directory permission with `Authorization_RequestDenied` and a missing Outlook one with `ErrorAccessDenied`.
enum AppPermissions {
    /// The permissions any of which allows `family`; empty when it needs none (the token endpoint, `$batch`).
    static func allowing(_ family: GraphEndpointFamily) -> [String] {
        switch family {
        case .users, .user, .usersDelta, .manager, .directReports, .memberOf:
            ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]
        case .groups, .group, .groupsDelta, .groupMembers:
            ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]
        case .messages, .mailFolderMessages, .messagesDelta:
            ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic.All"]
        case .events, .calendarView, .calendarViewDelta:
            ["Calendars.Read", "Calendars.ReadWrite"]
        case .contacts:
            ["Contacts.Read", "Contacts.ReadWrite"]
        case .mailboxSettings:
            ["MailboxSettings.Read", "MailboxSettings.ReadWrite"]
        case .token, .batch, .unknown:
            []
        }
    }

    /// Every permission the simulator knows: what an app granted "all" has.
    static let all: Set<String> = Set(GraphEndpointFamily.allCases.flatMap(allowing))

    /// Graph's refusal of `family` to an app granted `granted` (nil: every permission), or nil when allowed.
    static func denial(of family: GraphEndpointFamily, granted: Set<String>?) -> GraphError? {
        guard let granted else { return nil }
        let allowing = allowing(family)
        guard !allowing.isEmpty, granted.isDisjoint(with: allowing) else { return nil }
        if family.isMailbox {
            return GraphError(status: 403, code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again.")
        }
        return GraphError(
            status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")
    }
}
