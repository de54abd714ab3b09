import Testing

@testable import FerryGraph

/// Which waiting requests go into the next `$batch`.
@Suite struct BatchQueueTests {
    typealias Queue = BatchQueue<String>

    static func queue(_ scopes: [String], maxBatchSize: Int = 20) -> Queue {
        var queue = Queue(maxBatchSize: maxBatchSize)
        for (offset, scope) in scopes.enumerated() {
            queue.append(.init(id: UInt64(offset), scope: scope, payload: "r\(offset)"))
        }
        return queue
    }

    @Test func aFullBatchLeavesAtOnceAPartialOneOnlyAfterTheLinger() {
        var queue = Self.queue((0..<25).map { "mailbox:u\($0)" })
        let full = queue.next(onlyIfFull: true) { _ in false }
        #expect(full.batch.map(\.payload) == (0..<20).map { "r\($0)" })
        #expect(queue.next(onlyIfFull: true) { _ in false }.batch.isEmpty)
        #expect(queue.hasReady)
        let rest = queue.next(onlyIfFull: false) { _ in false }
        #expect(rest.batch.map(\.payload) == (20..<25).map { "r\($0)" })
        #expect(queue.waiting.isEmpty)
        #expect(!queue.hasReady)
    }

    @Test func aMailboxTravelsInOneBatchAtATimeFourRequestsAtMost() {
        var queue = Self.queue(Array(repeating: "mailbox:a", count: 6) + ["directory", "mailbox:b"])
        let first = queue.next(onlyIfFull: false) { _ in false }
        #expect(first.batch.map(\.payload) == ["r0", "r1", "r2", "r3", "r6", "r7"])
        #expect(queue.inFlight(mailbox: "mailbox:a") == 4)
        // The two left for mailbox a wait while its batch is out, even for a new batch.
        #expect(!queue.hasReady)
        #expect(queue.next(onlyIfFull: false) { _ in false }.batch.isEmpty)
        queue.finished(Array(first.batch.prefix(3)))
        #expect(!queue.hasReady)
        queue.finished(Array(first.batch.dropFirst(3)))
        #expect(queue.hasReady)
        #expect(queue.next(onlyIfFull: false) { _ in false }.batch.map(\.payload) == ["r4", "r5"])
        #expect(queue.inFlight(mailbox: "mailbox:a") == 2)
        #expect(queue.inFlight(mailbox: "mailbox:b") == 0)
    }

    @Test func theDirectoryHasNoPerBatchCap() {
        var queue = Self.queue(Array(repeating: "directory", count: 30), maxBatchSize: 20)
        #expect(queue.next(onlyIfFull: true) { _ in false }.batch.count == 20)
        #expect(queue.next(onlyIfFull: false) { _ in false }.batch.count == 10)
    }

    @Test func requestsWhoseScopeIsHeldLeaveTheQueue() {
        var queue = Self.queue(["mailbox:a", "directory", "mailbox:b", "mailbox:a"])
        let next = queue.next(onlyIfFull: false) { $0 == "mailbox:a" }
        #expect(next.held.map(\.payload) == ["r0", "r3"])
        #expect(next.batch.map(\.payload) == ["r1", "r2"])
        #expect(queue.waiting.isEmpty)
        #expect(queue.inFlight(mailbox: "mailbox:a") == 0)
    }

    @Test func aCallerThatGivesUpIsRemoved() {
        var queue = Self.queue(["directory", "directory"])
        #expect(queue.remove(id: 0)?.payload == "r0")
        #expect(queue.remove(id: 0) == nil)
        #expect(queue.next(onlyIfFull: false) { _ in false }.batch.map(\.payload) == ["r1"])
    }

    @Test func theBatchSizeIsAtLeastOne() {
        var queue = Self.queue(["directory", "directory"], maxBatchSize: 0)
        #expect(queue.next(onlyIfFull: true) { _ in false }.batch.count == 1)
    }
}
