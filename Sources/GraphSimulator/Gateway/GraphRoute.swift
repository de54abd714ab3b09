/// The Graph v1.0 resource a request's path names, with the ids it carries.
enum GraphRoute: Sendable, Equatable {
    case users
    /// `/users/$count`: the number of users (a `$filter` applies), as text.
    case usersCount
    case usersDelta
    case user(String)
    case manager(String)
    case directReports(String)
    case memberOf(String)
    case groups
    /// `/groups/$count`.
    case groupsCount
    case groupsDelta
    case group(String)
    case groupMembers(String)
    /// `/users/{id}/messages`.
    case messages(user: String)
    /// `/users/{id}/mailFolders/{folder}/messages`.
    case folderMessages(user: String, folder: String)
    case messagesDelta(user: String, folder: String)
    case events(String)
    case calendarView(String)
    case calendarViewDelta(String)
    case contacts(String)
    case mailboxSettings(String)
    case batch

    /// Matches the segments after `v1.0`; nil for paths the simulator does not serve.
    init?(_ segments: [String]) {
        func lower(_ index: Int) -> String { segments[index].lowercased() }
        func isDelta(_ index: Int) -> Bool { lower(index) == "delta" || lower(index) == "microsoft.graph.delta()" }
        guard let first = segments.first?.lowercased() else { return nil }
        switch (first, segments.count) {
        case ("$batch", 1): self = .batch
        case ("users", 1): self = .users
        case ("users", 2) where isDelta(1): self = .usersDelta
        case ("users", 2) where lower(1) == "$count": self = .usersCount
        case ("users", 2): self = .user(segments[1])
        case ("users", 3):
            let user = segments[1]
            switch lower(2) {
            case "manager": self = .manager(user)
            case "directreports": self = .directReports(user)
            case "memberof": self = .memberOf(user)
            case "messages": self = .messages(user: user)
            case "events": self = .events(user)
            case "calendarview": self = .calendarView(user)
            case "contacts": self = .contacts(user)
            case "mailboxsettings": self = .mailboxSettings(user)
            default: return nil
            }
        case ("users", 4) where lower(2) == "calendarview" && isDelta(3): self = .calendarViewDelta(segments[1])
        case ("users", 5) where lower(2) == "mailfolders" && lower(4) == "messages":
            self = .folderMessages(user: segments[1], folder: segments[3])
        case ("users", 6) where lower(2) == "mailfolders" && lower(4) == "messages" && isDelta(5):
            self = .messagesDelta(user: segments[1], folder: segments[3])
        case ("groups", 1): self = .groups
        case ("groups", 2) where isDelta(1): self = .groupsDelta
        case ("groups", 2) where lower(1) == "$count": self = .groupsCount
        case ("groups", 2): self = .group(segments[1])
        case ("groups", 3) where lower(2) == "members": self = .groupMembers(segments[1])
        default: return nil
        }
    }

    var family: GraphEndpointFamily {
        switch self {
        case .users, .usersCount: .users
        case .usersDelta: .usersDelta
        case .user: .user
        case .manager: .manager
        case .directReports: .directReports
        case .memberOf: .memberOf
        case .groups, .groupsCount: .groups
        case .groupsDelta: .groupsDelta
        case .group: .group
        case .groupMembers: .groupMembers
        case .messages: .messages
        case .folderMessages: .mailFolderMessages
        case .messagesDelta: .messagesDelta
        case .events: .events
        case .calendarView: .calendarView
        case .calendarViewDelta: .calendarViewDelta
        case .contacts: .contacts
        case .mailboxSettings: .mailboxSettings
        case .batch: .batch
        }
    }

    /// The user whose mailbox an Outlook request reads, as written in the path.
    var mailboxUser: String? {
        switch self {
        case .messages(let user), .folderMessages(let user, _), .messagesDelta(let user, _): user
        case .events(let user), .calendarView(let user), .calendarViewDelta(let user), .contacts(let user),
            .mailboxSettings(let user):
            user
        default: nil
        }
    }
}
