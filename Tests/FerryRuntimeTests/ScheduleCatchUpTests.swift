import FerrySchedule
import FerryState
import FerryTestSupport
import Foundation
import Testing

@testable import FerryRuntime

/// What `ferry schedule` takes as a pipeline's last fire when it starts: a run the last process left
/// unfinished is due at once, to be continued, not at the next scheduled time a whole period later.
@Suite struct ScheduleCatchUpTests {
    @Test func anUnfinishedRunCountsAsAMissedFire() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try StateStore(path: directory.url.appendingPathComponent("state.sqlite").path)
        let daily = try Schedule(parsing: "0 2 * * *")

        try store.beginRun(id: "20261205T020000Z-0001", pipeline: "nightly", windowStart: nil, windowEnd: nil)
        try store.finishRun(id: "20261205T020000Z-0001", status: .succeeded, rows: 1)
        let finished = try #require(try store.lastRun(pipeline: "nightly"))
        #expect(try ScheduleService.lastFire(of: "nightly", in: store) == finished.startedAt)

        // The next run was stopped by a restart of the scheduler (or killed): it is missed, due now.
        try store.beginRun(id: "20261206T020000Z-0002", pipeline: "nightly", windowStart: nil, windowEnd: nil)
        try store.markInterrupted(id: "20261206T020000Z-0002")
        let stopped = try #require(try store.lastRun(pipeline: "nightly"))
        let last = try #require(try ScheduleService.lastFire(of: "nightly", in: store))
        let missed = try #require(daily.nextFire(after: last))
        #expect(missed <= stopped.startedAt, "the scheduler would wait for \(missed) instead of continuing the run now")
    }
}
