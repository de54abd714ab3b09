#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The pseudonym caches of one projection plan, lent to whichever projector is writing a page (or a
/// record: `LineProjector.holdingPseudonyms`).
///
/// Every worker has a projector of its own, yet only about as many pages are projected at one time as
/// there are cores. Lending a cache for each page, rather than keeping one per worker, lets each cache
/// see the addresses of the whole tenant: far fewer HMACs, and lookups that stay in the processor's
/// caches instead of waiting on memory. Lending for each page rather than each record keeps this one
/// lock, which every worker shares, out of the per-record path. A thread is lent the cache it gave back
/// last, while that cache is still in its core's caches, before any other; then the cache given back last.
final class PseudonymCachePool: Sendable {
    private let pseudonymizer: Pseudonymizer
    private let idle = Mutex<[(thread: UInt, cache: PseudonymByteCache)]>([])
    private let lent = Atomic<Int>(0)

    init(pseudonymizer: Pseudonymizer) {
        self.pseudonymizer = pseudonymizer
    }

    /// An idle cache, or a new one when every cache is lent out.
    func borrow() -> PseudonymByteCache {
        lent.add(1, ordering: .relaxed)
        let thread = Self.currentThread
        return idle.withLock { idle in
            if let mine = idle.lastIndex(where: { $0.thread == thread }) { return idle.remove(at: mine).cache }
            return idle.popLast()?.cache
        } ?? PseudonymByteCache(pseudonymizer: pseudonymizer)
    }

    func giveBack(_ cache: PseudonymByteCache) {
        let thread = Self.currentThread
        idle.withLock { $0.append((thread, cache)) }
    }

    /// How many caches exist that are not lent out (for tests).
    var idleCount: Int { idle.withLock { $0.count } }

    /// How many times a cache was lent (for tests: a page should cost one lending, not one per record).
    var lendings: Int { lent.load(ordering: .relaxed) }

    /// The calling thread's identity: a record is projected without suspending, so on one thread.
    private static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        pthread_self()
        #endif
    }
}
