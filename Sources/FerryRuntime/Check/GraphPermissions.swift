/// Which Graph application permissions include which: a token whose `roles` hold a wider permission needs no
/// narrower one (`Mail.Read` reads what `Mail.ReadBasic.All` reads; `Directory.Read.All` lists users).
public enum GraphPermissions {
    /// For each permission a schema names, the wider ones that also grant it.
    static let widerThan: [String: [String]] = [
        "User.Read.All": ["User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
        "GroupMember.Read.All": ["Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
        "Mail.ReadBasic.All": ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
        "Mail.Read": ["Mail.ReadWrite"],
        "Calendars.ReadBasic.All": ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"],
        "Calendars.Read": ["Calendars.ReadWrite"],
        "Contacts.Read": ["Contacts.ReadWrite"],
        "MailboxSettings.Read": ["MailboxSettings.ReadWrite"],
    ]

    /// Whether `granted` (a token's roles) includes `permission` or a wider one.
    public static func grants(_ granted: Set<String>, _ permission: String) -> Bool {
        granted.contains(permission) || widerThan[permission, default: []].contains(where: granted.contains)
    }

    /// Whether `granted` includes any of `permissions` (a dataset's alternatives).
    public static func grantsAny(_ granted: Set<String>, of permissions: [String]) -> Bool {
        permissions.contains { grants(granted, $0) }
    }
}
