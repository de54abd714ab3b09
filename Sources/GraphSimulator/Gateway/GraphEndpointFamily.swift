/// A family of Graph endpoints, as the simulator counts and throttles them.
public enum GraphEndpointFamily: String, Sendable, CaseIterable, Comparable {
    /// `POST /{tenant}/oauth2/v2.0/token`.
    case token
    /// `GET /users`.
    case users
    /// `GET /users/{id}`.
    case user
    /// `GET /users/{id}/manager`.
    case manager
    /// `GET /users/{id}/directReports`.
    case directReports
    /// `GET /users/{id}/memberOf`.
    case memberOf
    /// `GET /groups`.
    case groups
    /// `GET /groups/{id}`.
    case group
    /// `GET /groups/{id}/members`.
    case groupMembers
    /// `GET /users/{id}/messages`.
    case messages
    /// `GET /users/{id}/mailFolders/{inbox|sentitems}/messages`.
    case mailFolderMessages
    /// `GET /users/{id}/events`.
    case events
    /// `GET /users/{id}/calendarView`.
    case calendarView
    /// `GET /users/{id}/contacts`.
    case contacts
    /// `GET /users/{id}/mailboxSettings`.
    case mailboxSettings
    /// `GET /users/delta`.
    case usersDelta
    /// `GET /groups/delta`.
    case groupsDelta
    /// `GET /users/{id}/mailFolders/{id}/messages/delta`.
    case messagesDelta
    /// `GET /users/{id}/calendarView/delta`.
    case calendarViewDelta
    /// `POST /$batch` (its sub-requests are counted under their own families too).
    case batch
    /// Anything the simulator does not serve.
    case unknown

    /// True for Outlook endpoints, which are limited per mailbox; the others are directory endpoints.
    public var isMailbox: Bool {
        switch self {
        case .messages, .mailFolderMessages, .events, .calendarView, .contacts, .mailboxSettings, .messagesDelta,
            .calendarViewDelta:
            return true
        default:
            return false
        }
    }

    /// True for directory endpoints (users, groups and their relations), limited by the tenant's token bucket.
    public var isDirectory: Bool {
        switch self {
        case .users, .user, .manager, .directReports, .memberOf, .groups, .group, .groupMembers, .usersDelta,
            .groupsDelta:
            return true
        default:
            return false
        }
    }

    /// Orders families by name, for stable reports.
    public static func < (left: Self, right: Self) -> Bool {
        left.rawValue < right.rawValue
    }
}
