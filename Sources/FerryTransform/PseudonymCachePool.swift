import Synchronization

/// The pseudonym caches of one projection plan, lent to whichever projector is writing a record.
///
/// Every worker has a projector of its own, yet only about as many records are projected at one time
/// as there are cores. Lending a cache for each record, rather than keeping one per worker, lets each
/// cache see the addresses of the whole tenant: far fewer HMACs, and lookups that stay in the
/// processor's caches instead of waiting on memory. The cache given back last is lent first, while
/// it is still warm.
final class PseudonymCachePool: Sendable {
    private let pseudonymizer: Pseudonymizer
    private let idle = Mutex<[PseudonymByteCache]>([])

    init(pseudonymizer: Pseudonymizer) {
        self.pseudonymizer = pseudonymizer
    }

    /// An idle cache, or a new one when every cache is lent out.
    func borrow() -> PseudonymByteCache {
        idle.withLock { $0.popLast() } ?? PseudonymByteCache(pseudonymizer: pseudonymizer)
    }

    func giveBack(_ cache: PseudonymByteCache) {
        idle.withLock { $0.append(cache) }
    }

    /// How many caches exist that are not lent out (for tests).
    var idleCount: Int { idle.withLock { $0.count } }
}
