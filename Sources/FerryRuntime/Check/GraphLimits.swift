/// Graph's documented throttling limits that bound an export, for `ferry plan`'s estimate (the extractor itself
/// keeps within them by reacting to 429s, `ThrottleScopes` and `AdaptiveConcurrency`).
public enum GraphLimits {
    /// Outlook: requests one app may have in progress on one mailbox.
    public static let mailboxConcurrency = 4
    /// Outlook: requests one app may send to one mailbox per `mailboxWindowSeconds`.
    public static let mailboxRequests = 10_000
    public static let mailboxWindowSeconds = 600.0
    /// The directory's token bucket per app and tenant refills this often.
    public static let directoryWindowSeconds = 10.0

    /// Resource units the directory allows per `directoryWindowSeconds` for a tenant of `users`: 3,500 under
    /// 50 users, 5,000 up to 500, 8,000 above.
    public static func directoryResourceUnits(users: Int) -> Int {
        users < 50 ? 3_500 : users <= 500 ? 5_000 : 8_000
    }

    /// What one directory request costs: a list 2 units, a single object 1, a delta query 5; `$select`
    /// saves one (at least 1).
    public static func directoryCost(isList: Bool, isDelta: Bool, selects: Bool) -> Int {
        let base = isDelta ? 5 : isList ? 2 : 1
        return max(1, base - (selects ? 1 : 0))
    }
}
