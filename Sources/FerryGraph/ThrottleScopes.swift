import Synchronization

/// Graph's throttling scopes and when each may be used again.
///
/// A `Retry-After` is not about one request: Outlook gives it for the mailbox, the directory for the
/// app in the tenant. Every request to a scope therefore waits until the scope's `Retry-After` has
/// run out, not only the request that was refused; sending earlier only earns more 429s.
final class ThrottleScopes: Sendable {
    /// The Outlook collections of a user, throttled per mailbox.
    static let mailboxSegments: Set<String> = [
        "messages", "mailfolders", "events", "calendarview", "calendar", "calendars", "contacts", "contactfolders",
        "mailboxsettings",
    ]

    private let notBefore = Mutex<[String: ContinuousClock.Instant]>([:])

    /// The scope of `$batch` requests themselves: a `Retry-After` on a whole batch holds every batch,
    /// but not the single requests to the directory or a mailbox.
    static let batch = "batch"

    /// `mailbox:<user>` for a user's Outlook data, `batch` for `$batch`, `directory` for everything else.
    static func scope(of url: String) -> String {
        guard let version = url.range(of: "/v1.0/") else { return "directory" }
        var path = url[version.upperBound...]
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.count == 1, segments[0] == "$batch" { return batch }
        guard segments.count >= 3, segments[0] == "users", mailboxSegments.contains(segments[2].lowercased()) else {
            return "directory"
        }
        return "mailbox:" + segments[1].lowercased()
    }

    /// Waits until `scope` may be used.
    func wait(for scope: String) async throws {
        while let until = notBefore.withLock({ $0[scope] }), until > .now {
            try await Task.sleep(until: until, clock: .continuous)
        }
    }

    /// Whether requests to `scope` must still wait.
    func isHeld(_ scope: String) -> Bool {
        guard let until = notBefore.withLock({ $0[scope] }) else { return false }
        return until > .now
    }

    /// Keeps every request to `scope` back for `duration` from now (never shortening a longer hold).
    func hold(_ scope: String, for duration: Duration) {
        let until = ContinuousClock.now + duration
        notBefore.withLock { holds in
            if let current = holds[scope], current >= until { return }
            holds[scope] = until
        }
    }
}
