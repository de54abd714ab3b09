import FerryRuntime
import Synchronization
import Testing

/// The queue between a listing and the workers that read each user's collections: bounded, so a
/// listing of a million users never holds them all.
struct FanoutQueueTests {
    private final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
    }

    private final class Received: Sendable {
        let ids = Mutex<[String]>([])
    }

    /// Polls `condition` for up to a minute (a hang guard, not a timing).
    private static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<6_000 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func aListingAheadOfTheWorkersWaitsAtTheCapacityAndGoesOnWhenOneIsTaken() async throws {
        let queue = FanoutQueue(capacity: 3)
        await queue.push(["a", "b", "c"])
        let pushed = Flag()
        let listing = Task {
            await queue.push(["d"])
            pushed.set()
        }
        // However long we look, the push cannot finish while three ids are held.
        for _ in 0..<20 {
            await Task.yield()
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(!pushed.isSet, "a push went past the capacity")
        #expect(await queue.count == 3)
        #expect(await queue.next() == "a")
        #expect(try await Self.eventually { pushed.isSet }, "the listing was not let go")
        await listing.value
        await queue.finish()
        var rest: [String] = []
        while let id = await queue.next() { rest.append(id) }
        #expect(rest == ["b", "c", "d"])
        #expect(await queue.enqueued == 4)
    }

    @Test func finishingLetsAWaitingListingGoAndDropsWhatItBrings() async throws {
        let queue = FanoutQueue(capacity: 2)
        await queue.push(["a", "b"])
        let listing = Task { await queue.push(["c"]) }
        _ = try await Self.eventually { await queue.count == 2 }
        await queue.finish()  // a run failing: the workers are gone
        await listing.value  // returns: nothing waits for ever
        #expect(await queue.enqueued == 2)
    }

    @Test func workersWaitingForIdsGetThemAsTheyArePushed() async throws {
        let queue = FanoutQueue(capacity: 100)
        let received = Received()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while let id = await queue.next() { received.ids.withLock { $0.append(id) } }
                }
            }
            for page in 0..<50 { await queue.push((0..<30).map { "u\(page)-\($0)" }) }
            await queue.finish()
            try await group.waitForAll()
        }
        #expect(received.ids.withLock { $0.count } == 1_500)
        #expect(Set(received.ids.withLock { $0 }).count == 1_500)
    }
}
