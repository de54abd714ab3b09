import Foundation
import Synchronization
import Testing

@testable import FerrySchedule

/// The scheduler in virtual time: each step advances the clock to a deadline and waits until the
/// scheduler is asleep again, so nothing depends on real timing.
@Suite(.timeLimit(.minutes(10))) struct SchedulerTests {
    struct Fire: Equatable, Sendable, CustomStringConvertible {
        var job: String
        var at: Date
        var description: String { "\(job)@\(at.formatted(.iso8601))" }
    }

    /// A scheduler with its clock and what it did.
    final class Harness: Sendable {
        let clock: VirtualClock
        let events = Recorder<SchedulerEvent>()
        let fires = Recorder<Fire>()
        let ends = Recorder<Fire>()
        let scheduler: Scheduler
        private let concurrency = Gauge()

        /// - Parameter runFor: how long each fire takes in virtual time; zero returns at once.
        init(
            start: Date, jobs: [ScheduledJob], lastFire: [String: Date] = [:], runFor: Duration = .zero
        ) {
            let clock = VirtualClock(now: start)
            let events = events
            let fires = fires
            let ends = ends
            let concurrency = concurrency
            self.clock = clock
            scheduler = Scheduler(
                jobs: jobs, clock: clock, lastFire: { lastFire[$0] }, onEvent: { events.append($0) }
            ) { id in
                concurrency.enter(id)
                fires.append(Fire(job: id, at: clock.now()))
                if runFor > .zero {
                    let end = clock.now().addingTimeInterval(Double(runFor.components.seconds))
                    try? await clock.sleep(until: end)
                }
                concurrency.leave(id)
                ends.append(Fire(job: id, at: clock.now()))
            }
        }

        /// The most instances of one job seen running at once.
        var maxConcurrency: Int { concurrency.max }

        func start() -> Task<Void, Never> {
            let scheduler = scheduler
            return Task { await scheduler.run() }
        }

        /// Advances to `date`, then waits for `sleepers` tasks to be asleep and `fires` fires in all.
        func advance(to date: Date, sleepers: Int = 1, fires count: Int) async {
            clock.advance(to: date)
            await clock.waitForSleepers(sleepers)
            await fires.wait(count: count)
        }
    }

    /// Counts the instances of each job running at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: [String: Int](), max: 0))

        func enter(_ id: String) {
            state.withLock { state in
                state.now[id, default: 0] += 1
                state.max = Swift.max(state.max, state.now[id, default: 0])
            }
        }

        func leave(_ id: String) { state.withLock { $0.now[id, default: 0] -= 1 } }

        var max: Int { state.withLock { $0.max } }
    }

    private static func date(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm xx"
        return formatter.date(from: text) ?? .distantPast
    }

    private func d(_ time: String, day: String = "2026-05-04") -> Date {
        SchedulerTests.date("\(day) \(time) +0000")
    }

    private func job(_ id: String, _ text: String, catchUp: CatchUp = .one) throws -> ScheduledJob {
        ScheduledJob(id: id, schedule: try Schedule(parsing: text), catchUp: catchUp)
    }

    @Test func firesEachJobAtItsTimes() async throws {
        let harness = Harness(
            start: d("10:07"), jobs: [try job("a", "@every 15m"), try job("b", "*/20 * * * *")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [d("10:15")])
        await harness.advance(to: d("10:15"), fires: 1)
        #expect(harness.clock.deadlines == [d("10:20")])
        await harness.advance(to: d("10:20"), fires: 2)
        await harness.advance(to: d("10:30"), fires: 3)
        await harness.advance(to: d("10:40"), fires: 4)
        await harness.advance(to: d("10:45"), fires: 5)
        await harness.advance(to: d("11:00"), fires: 7)
        #expect(harness.fires.values.prefix(5) == [
            Fire(job: "a", at: d("10:15")), Fire(job: "b", at: d("10:20")), Fire(job: "a", at: d("10:30")),
            Fire(job: "b", at: d("10:40")), Fire(job: "a", at: d("10:45")),
        ])
        #expect(Set(harness.fires.values.suffix(2).map(\.job)) == ["a", "b"])
        #expect(await harness.scheduler.nextFire(of: "a") == d("11:15"))
        #expect(await harness.scheduler.nextFire(of: "b") == d("11:20"))
        await harness.scheduler.stop()
        await run.value
    }

    @Test func aLateWakeUpFiresOnceNotOncePerMissedTime() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("a", "@every 5m")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        // As after a suspended machine: the clock jumps an hour past the deadline.
        await harness.advance(to: d("11:12"), fires: 1)
        #expect(harness.clock.deadlines == [d("11:15")])
        #expect(harness.fires.values == [Fire(job: "a", at: d("11:12"))])
        await harness.scheduler.stop()
        await run.value
    }

    @Test func catchUpOneFiresOnceForAllMissedTimes() async throws {
        let harness = Harness(
            start: d("05:00"), jobs: [try job("daily", "0 2 * * *", catchUp: .one)],
            lastFire: ["daily": d("02:00", day: "2026-05-02")])
        let run = harness.start()
        await harness.fires.wait(count: 1)
        await harness.clock.waitForSleepers(1)
        #expect(harness.fires.values == [Fire(job: "daily", at: d("05:00"))])
        #expect(harness.events.values.prefix(2) == [
            .catchingUp(job: "daily", missed: d("02:00", day: "2026-05-03")),
            .fired(job: "daily", scheduled: d("02:00", day: "2026-05-03")),
        ])
        #expect(harness.clock.deadlines == [d("02:00", day: "2026-05-05")])
        await harness.scheduler.stop()
        await run.value
    }

    @Test func catchUpNoneWaitsForTheNextTime() async throws {
        let harness = Harness(
            start: d("05:00"), jobs: [try job("daily", "0 2 * * *", catchUp: .none)],
            lastFire: ["daily": d("02:00", day: "2026-05-02")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [d("02:00", day: "2026-05-05")])
        #expect(harness.events.values == [
            .missed(job: "daily", missed: d("02:00", day: "2026-05-03"), next: d("02:00", day: "2026-05-05"))
        ])
        await harness.advance(to: d("02:00", day: "2026-05-05"), fires: 1)
        #expect(harness.fires.values == [Fire(job: "daily", at: d("02:00", day: "2026-05-05"))])
        await harness.scheduler.stop()
        await run.value
    }

    @Test func nothingMissedMeansNoCatchUp() async throws {
        let harness = Harness(
            start: d("05:00"),
            jobs: [try job("recent", "0 2 * * *"), try job("new", "0 3 * * *")],
            lastFire: ["recent": d("02:00")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [d("02:00", day: "2026-05-05")])
        #expect(await harness.scheduler.nextFire(of: "new") == d("03:00", day: "2026-05-05"))
        #expect(harness.events.values.isEmpty)
        await harness.scheduler.stop()
        await run.value
    }

    @Test func aSlowRunIsNeverOverlappedAndItsMissedTimesAreDropped() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("slow", "@every 15m")], runFor: .seconds(40 * 60))
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        await harness.advance(to: d("10:15"), sleepers: 2, fires: 1)
        #expect(harness.clock.deadlines == [d("10:30"), d("10:55")])
        await harness.advance(to: d("10:30"), sleepers: 2, fires: 1)
        await harness.advance(to: d("10:45"), sleepers: 2, fires: 1)
        #expect(harness.clock.deadlines == [d("10:55"), d("11:00")])
        harness.clock.advance(to: d("10:55"))
        await harness.ends.wait(count: 1)
        await harness.advance(to: d("11:00"), sleepers: 2, fires: 2)
        #expect(harness.fires.values.map(\.at) == [d("10:15"), d("11:00")])
        #expect(await harness.scheduler.skippedFires(of: "slow") == 2)
        #expect(harness.events.values.filter {
            if case .skippedOverlap = $0 { return true } else { return false }
        } == [.skippedOverlap(job: "slow", scheduled: d("10:30")), .skippedOverlap(job: "slow", scheduled: d("10:45"))])
        #expect(harness.maxConcurrency == 1)
        await harness.scheduler.stop(cancellingInFlight: true)
        await run.value
    }

    @Test func jobsAreAddedChangedAndRemovedWhileRunning() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("a", "@every 10m")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [d("10:10")])

        await harness.scheduler.update(jobs: [try job("a", "@every 10m"), try job("b", "@every 3m")])
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [d("10:09")])
        await harness.advance(to: d("10:09"), fires: 1)
        await harness.advance(to: d("10:10"), fires: 2)
        #expect(harness.fires.values == [Fire(job: "b", at: d("10:09")), Fire(job: "a", at: d("10:10"))])

        // Remove a, change b: b continues from its new schedule without catching up.
        await harness.scheduler.update(jobs: [try job("b", "*/7 * * * *")])
        await harness.clock.waitForSleepers(1)
        #expect(await harness.scheduler.nextFire(of: "a") == nil)
        #expect(harness.clock.deadlines == [d("10:14")])
        await harness.advance(to: d("10:14"), fires: 3)
        await harness.advance(to: d("10:21"), fires: 4)
        #expect(harness.fires.values.suffix(2) == [Fire(job: "b", at: d("10:14")), Fire(job: "b", at: d("10:21"))])

        // Removing every job leaves the scheduler idle until jobs come back.
        await harness.scheduler.update(jobs: [])
        await harness.clock.waitForSleepers(1)
        #expect(harness.clock.deadlines == [.distantFuture])
        await harness.scheduler.stop()
        await run.value
    }

    @Test func aJobRemovedAndAddedBackWhileRunningDoesNotOverlap() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("c", "@every 5m")], runFor: .seconds(12 * 60))
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        await harness.advance(to: d("10:10"), sleepers: 2, fires: 1)
        await harness.scheduler.update(jobs: [])
        await harness.scheduler.update(jobs: [try job("c", "@every 5m")])
        await harness.clock.waitForSleepers(2)
        #expect(await harness.scheduler.runningJobs == ["c"])
        await harness.advance(to: d("10:15"), sleepers: 2, fires: 1)
        #expect(await harness.scheduler.skippedFires(of: "c") == 1)
        #expect(harness.maxConcurrency == 1)
        await harness.scheduler.stop(cancellingInFlight: true)
        await run.value
    }

    @Test func stopWaitsForTheRunInFlight() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("a", "@every 5m")], runFor: .seconds(30 * 60))
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        await harness.advance(to: d("10:10"), sleepers: 2, fires: 1)

        let order = Recorder<String>()
        let scheduler = harness.scheduler
        let stopping = Task {
            await scheduler.stop()
            order.append("stopped after \(harness.ends.values.count) run(s) ended")
        }
        // The scheduler's own sleep ends; only the fire still sleeps, and stop keeps waiting for it.
        while harness.clock.deadlines != [d("10:40")] { await Task.yield() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(order.values.isEmpty)
        harness.clock.advance(to: d("10:40"))
        await stopping.value
        await run.value
        #expect(order.values == ["stopped after 1 run(s) ended"])
        #expect(harness.ends.values == [Fire(job: "a", at: d("10:40"))])
        // Nothing fires after a stop.
        harness.clock.advance(to: d("12:00"))
        await harness.scheduler.run()
        #expect(harness.fires.values.count == 1)
    }

    @Test func stopCanCancelTheRunsInFlight() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("a", "@every 5m")], runFor: .seconds(30 * 60))
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        await harness.advance(to: d("10:10"), sleepers: 2, fires: 1)
        await harness.scheduler.stop(cancellingInFlight: true)
        await run.value
        // The fire saw the cancellation and ended without the clock moving.
        #expect(harness.ends.values == [Fire(job: "a", at: d("10:10"))])
        #expect(harness.events.values.last == .finished(job: "a", scheduled: d("10:10")))
    }

    @Test func cancellingTheRunTaskStopsTheScheduler() async throws {
        let harness = Harness(start: d("10:07"), jobs: [try job("a", "@every 5m")])
        let run = harness.start()
        await harness.clock.waitForSleepers(1)
        run.cancel()
        await run.value
        #expect(harness.clock.deadlines.isEmpty)
        #expect(harness.fires.values.isEmpty)
    }

    /// No upper bound on elapsed time: a sleep of a year that ignored its cancellation would hang, and
    /// the time limit (a hang guard, not a measurement) ends the test.
    @Test(.timeLimit(.minutes(10))) func theSystemClockSleepsAndCancels() async throws {
        let clock = SystemClock()
        let start = clock.now()
        try await clock.sleep(until: start.addingTimeInterval(0.05))
        #expect(clock.now().timeIntervalSince(start) >= 0.05)
        let sleeper = Task { try await clock.sleep(until: Date().addingTimeInterval(365 * 86_400)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
