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
            ["Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic.All"]
        case .contacts:
            ["Contacts.Read", "Contacts.ReadWrite"]
        case .mailboxSettings:
            ["MailboxSettings.Read", "MailboxSettings.ReadWrite"]
        case .token, .batch, .unknown:
            []
        }
    }

    /// True when the app reads `family` only through its ReadBasic permission (`Mail.ReadBasic.All`,
    /// `Calendars.ReadBasic.All`): Graph then answers without the body text (`body`, `bodyPreview`, `uniqueBody`),
    /// even when `$select` names it, and with every other property as usual.
    static func readsBasicOnly(_ family: GraphEndpointFamily, granted: Set<String>?) -> Bool {
        guard let granted else { return false }
        let basic: String
        switch family {
        case .messages, .mailFolderMessages, .messagesDelta: basic = "Mail.ReadBasic.All"
        case .events, .calendarView, .calendarViewDelta: basic = "Calendars.ReadBasic.All"
        default: return false
        }
        return granted.contains(basic) && allowing(family).allSatisfy { $0 == basic || !granted.contains($0) }
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

    /// Exchange Online's refusal of a mailbox an application access policy (or RBAC for Applications) leaves
    /// out of the app's reach: the same code as a missing permission, told apart by its message.
    static let mailboxOutsidePolicy = GraphError(
        status: 403, code: "ErrorAccessDenied",
        message: "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.")

    /// The refusal of an Outlook request for `user`'s mailbox (an id or principal name as in the path) under
    /// `scope` (lowercased ids and principal names; nil: every mailbox), or nil when the mailbox is in reach.
    /// A user the tenant does not know is left to the endpoint, which answers 404.
    static func mailboxDenial(of user: String, scope: Set<String>?, tenant: SimulatedTenant) -> GraphError? {
        guard let scope, let index = tenant.userIndex(forIdOrPrincipalName: user) else { return nil }
        let known = tenant.user(at: index)
        if scope.contains(known.id.lowercased()) || scope.contains(known.userPrincipalName.lowercased()) { return nil }
        return mailboxOutsidePolicy
    }
}
