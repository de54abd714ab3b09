/// The requests waiting to go into a `$batch`, and which of them go into the next one.
///
/// Pure: `GraphBatcher` holds one behind its lock and does the sending and the waiting. The rules:
/// - arrival order, at most `maxBatchSize` requests per batch;
/// - a mailbox's requests travel in one batch at a time, at most `mailboxLimit` of them: Graph runs a
///   batch's requests together and refuses a fifth one to a mailbox (MailboxConcurrency), and a
///   `Retry-After` given to one of them reaches the client before any other request to that mailbox
///   leaves (two batches in flight could meet Graph far enough apart for the second to arrive while the
///   first one's `Retry-After` runs);
/// - a request whose throttling scope is held by a `Retry-After` leaves the queue, to wait for the hold
///   and come back, rather than be sent early and earn another 429.
struct BatchQueue<Payload> {
    struct Entry {
        let id: UInt64
        /// `ThrottleScopes.scope(of:)` of the request's URL.
        let scope: String
        let payload: Payload
    }

    /// What Graph lets one app run at once on one mailbox.
    static var mailboxLimit: Int { 4 }

    let maxBatchSize: Int
    private(set) var waiting: [Entry] = []
    private var mailboxInFlight: [String: Int] = [:]

    init(maxBatchSize: Int) {
        self.maxBatchSize = max(1, maxBatchSize)
    }

    mutating func append(_ entry: Entry) {
        waiting.append(entry)
    }

    /// Removes the entry `id` if it still waits (its caller gave up).
    mutating func remove(id: UInt64) -> Entry? {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return nil }
        return waiting.remove(at: index)
    }

    /// Requests of `mailbox` in flight now.
    func inFlight(mailbox scope: String) -> Int {
        mailboxInFlight[scope, default: 0]
    }

    /// Whether some waiting request could go into a batch now.
    var hasReady: Bool {
        waiting.contains { !Self.isMailbox($0.scope) || mailboxInFlight[$0.scope] == nil }
    }

    /// Takes the next batch off the queue, and every waiting request whose scope `isHeld`.
    ///
    /// With `onlyIfFull`, the batch is taken only when it has `maxBatchSize` requests (the queue fills up
    /// faster than the linger); otherwise whatever is ready goes. The batch's mailboxes count as in
    /// flight until `finished(_:)` has been told of each of their requests.
    mutating func next(onlyIfFull: Bool, isHeld: (String) -> Bool) -> (batch: [Entry], held: [Entry]) {
        var held: [Entry] = []
        waiting.removeAll { entry in
            guard isHeld(entry.scope) else { return false }
            held.append(entry)
            return true
        }
        var taken: [Int] = []
        var added: [String: Int] = [:]
        for (index, entry) in waiting.enumerated() where taken.count < maxBatchSize {
            if Self.isMailbox(entry.scope) {
                guard mailboxInFlight[entry.scope] == nil, added[entry.scope, default: 0] < Self.mailboxLimit else { continue }
                added[entry.scope, default: 0] += 1
            }
            taken.append(index)
        }
        guard !taken.isEmpty, !onlyIfFull || taken.count == maxBatchSize else { return ([], held) }
        let batch = taken.map { waiting[$0] }
        for index in taken.reversed() { waiting.remove(at: index) }
        mailboxInFlight.merge(added, uniquingKeysWith: +)
        return (batch, held)
    }

    /// The requests of a batch were answered (or the batch failed): their mailboxes have room again.
    mutating func finished(_ batch: [Entry]) {
        for entry in batch where Self.isMailbox(entry.scope) {
            let remaining = mailboxInFlight[entry.scope, default: 1] - 1
            mailboxInFlight[entry.scope] = remaining > 0 ? remaining : nil
        }
    }

    private static func isMailbox(_ scope: String) -> Bool {
        scope.hasPrefix("mailbox:")
    }
}

extension BatchQueue: Sendable where Payload: Sendable {}
extension BatchQueue.Entry: Sendable where Payload: Sendable {}
