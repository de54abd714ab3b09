import FerryCore
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
    /// Pacing of the directory after it throttled: the gap kept between requests, and the next free slot.
    private let pacing = Mutex<[String: (interval: Duration, nextSlot: ContinuousClock.Instant)]>([:])

    /// The directory is one token bucket per app and tenant: its `Retry-After` says when the next
    /// unit is free, so after a 429 requests leave that far apart, the gap shrinking with every
    /// success until the bucket refuses again. Sending at the bucket's rate earns few 429s where
    /// holding and then releasing every waiting request at once earns one per request.
    static let pacedScopes: Set<String> = ["directory"]
    /// The widest gap pacing keeps; a longer `Retry-After` is a hold, not a rate.
    static let maximumInterval = Duration.milliseconds(100)
    /// How much each success narrows the gap: the rate probes upward by about 0.2% per request.
    static let intervalDecay = 0.998

    /// The scope of `$batch` requests themselves: a `Retry-After` on a whole batch holds every batch,
    /// but not the single requests to the directory or a mailbox.
    static let batch = "batch"

    /// `mailbox:<user>` for a user's Outlook data, `batch` for `$batch`, `directory` for everything else.
    /// Asked of every request and every `$batch` item, so it reads the URL's bytes in place.
    static func scope(of url: String) -> String {
        let utf8 = url.utf8
        let bytes = utf8.withContiguousStorageIfAvailable { scope(ofURL: UnsafeRawBufferPointer($0)) }
        return bytes ?? Array(utf8).withUnsafeBytes { scope(ofURL: $0) }
    }

    private static func scope(ofURL url: UnsafeRawBufferPointer) -> String {
        guard let version = url.firstRange(ofASCII: "/v1.0/") else { return "directory" }
        let path = url[version.upperBound...]
        let end = path.firstIndex(of: UInt8(ascii: "?")) ?? url.endIndex
        // The first three non-empty segments (at most), as `split(omittingEmptySubsequences:)` sees them:
        // three of them stand for "three or more".
        var segments: [Range<Int>] = []
        var index = path.startIndex
        while index < end, segments.count < 3 {
            let next = url[index..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
            if next > index { segments.append(index..<next) }
            index = next + 1
        }
        func text(_ range: Range<Int>) -> String { String(decoding: url[range], as: UTF8.self) }
        if segments.count == 1, text(segments[0]) == "$batch" { return batch }
        guard segments.count == 3, text(segments[0]) == "users", mailboxSegments.contains(text(segments[2]).lowercased()) else {
            return "directory"
        }
        return "mailbox:" + text(segments[1]).lowercased()
    }

    /// Waits until `scope` may be used: its hold is over and, when it is paced, its next slot has come.
    func wait(for scope: String) async throws {
        while let until = notBefore.withLock({ $0[scope] }), until > .now {
            try await Task.sleep(until: until, clock: .continuous)
        }
        try await pace(scope, slots: 1)
    }

    /// Waits, when `scope` is paced, for `slots` consecutive slots and returns at the last: the items of
    /// one `$batch` leave together, as far apart from earlier requests as that many single ones would.
    func pace(_ scope: String, slots: Int) async throws {
        guard Self.pacedScopes.contains(scope), slots > 0 else { return }
        let slot: ContinuousClock.Instant? = pacing.withLock { paces in
            guard var pace = paces[scope] else { return nil }
            let now = ContinuousClock.now
            let last = max(pace.nextSlot, now) + pace.interval * (slots - 1)
            pace.nextSlot = last + pace.interval
            paces[scope] = pace
            return last > now ? last : nil
        }
        if let slot { try await Task.sleep(until: slot, clock: .continuous) }
    }

    /// A request to `scope` succeeded: a paced scope's gap narrows, and pacing ends once it is tiny.
    func succeeded(_ scope: String) {
        guard Self.pacedScopes.contains(scope) else { return }
        pacing.withLock { paces in
            guard var pace = paces[scope] else { return }
            pace.interval = pace.interval * Self.intervalDecay
            if pace.interval < .microseconds(20) {
                paces[scope] = nil
            } else {
                paces[scope] = pace
            }
        }
    }

    /// The gap kept between requests to `scope`, or nil when it is not paced.
    func pacingGap(of scope: String) -> Duration? {
        pacing.withLock { $0[scope]?.interval }
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
        guard Self.pacedScopes.contains(scope) else { return }
        pacing.withLock { paces in
            let interval = min(max(paces[scope]?.interval ?? .zero, duration), Self.maximumInterval)
            paces[scope] = (interval, max(paces[scope]?.nextSlot ?? until, until))
        }
    }
}

extension GraphCollection {
    /// Whether Graph throttles this collection per mailbox (a user's Outlook data) rather than as the
    /// directory: decided by the same rule the throttling applies to every request's URL.
    public var isMailbox: Bool {
        ThrottleScopes.scope(of: "https://graph/v1.0" + GraphQuery.expand(path, id: "user")).hasPrefix("mailbox:")
    }
}
