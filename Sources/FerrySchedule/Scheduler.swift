import Foundation

/// Fires jobs at their scheduled times until stopped.
///
/// Guarantees:
/// - One instance per job: when a job is due while its previous fire is still running, that time is
///   dropped (reported as `.skippedOverlap` and counted), never queued.
/// - Missed times: when it starts, and for each job added later, the scheduler asks `lastFire` when the
///   job last ran. If a scheduled time has passed since, `CatchUp.one` fires it once right away and
///   `CatchUp.none` waits for the next time. A job that never ran waits for its first time. Times
///   missed while the scheduler itself was late (a suspended machine) are likewise fired once.
/// - `update(jobs:)` adds, replaces and removes jobs while running; a replaced job keeps its running
///   fire and continues from its new schedule without catching up.
/// - `stop()` fires nothing more and returns once every fire in flight has returned.
public actor Scheduler {
    private struct Entry {
        var job: ScheduledJob
        var next: Date?
        var needsCatchUpCheck = true
        /// The missed time a catch-up fire stands for.
        var catchingUp: Date?
        var generation: Int
    }

    private let clock: any SchedulerClock
    private let lastFire: @Sendable (String) async -> Date?
    private let fire: @Sendable (String) async -> Void
    private let onEvent: @Sendable (SchedulerEvent) -> Void

    private var order: [String] = []
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<Void, Never>] = [:]
    private var skipped: [String: Int] = [:]
    private var generations = 0
    private var isLooping = false
    private var stopping = false
    private var wakeUp: Task<Void, any Error>?
    private var loopEndWaiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - jobs: The jobs, with unique ids (a later duplicate replaces an earlier one).
    ///   - clock: Where time comes from; `VirtualClock` in tests.
    ///   - lastFire: When a job last fired (its last run's start), or nil if never; drives catch-up.
    ///   - onEvent: Told of every fire, skip and catch-up, for the log.
    ///   - fire: Runs a job to its end; called with the job's id, never twice at once for one id.
    public init(
        jobs: [ScheduledJob], clock: any SchedulerClock = SystemClock(),
        lastFire: @escaping @Sendable (String) async -> Date?,
        onEvent: @escaping @Sendable (SchedulerEvent) -> Void = { _ in },
        fire: @escaping @Sendable (String) async -> Void
    ) {
        self.clock = clock
        self.lastFire = lastFire
        self.onEvent = onEvent
        self.fire = fire
        for job in jobs {
            if entries[job.id] == nil { order.append(job.id) }
            generations += 1
            entries[job.id] = Entry(job: job, generation: generations)
        }
    }

    /// Fires jobs on time until `stop()` is called or the calling task is cancelled, then waits for
    /// the fires in flight and returns. A second concurrent call, or a call after `stop()`, returns at once.
    public func run() async {
        guard !isLooping, !stopping else { return }
        isLooping = true
        while !stopping {
            if Task.isCancelled {
                stopping = true
                break
            }
            await checkMissedTimes()
            if stopping { break }
            fireDueJobs(now: clock.now())
            await sleep(until: entries.values.compactMap(\.next).min())
        }
        await drainInFlight()
        isLooping = false
        let waiters = loopEndWaiters
        loopEndWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Replaces the job list: adds new ids, updates changed jobs, removes missing ids.
    ///
    /// A removed job's fire in flight runs to its end, and the job does not fire again before it
    /// returns even if added back meanwhile.
    public func update(jobs: [ScheduledJob]) {
        let ids = Set(jobs.map(\.id))
        for id in order where !ids.contains(id) { entries[id] = nil }
        order.removeAll { !ids.contains($0) }
        for job in jobs { add(job) }
        wakeUp?.cancel()
    }

    /// Stops firing and returns once `run()` has returned and every fire in flight has finished.
    ///
    /// - Parameter cancellingInFlight: Also cancel the fires in flight, so they can stop early at a
    ///   safe point (they are still awaited).
    public func stop(cancellingInFlight: Bool = false) async {
        stopping = true
        wakeUp?.cancel()
        if cancellingInFlight {
            for task in inFlight.values { task.cancel() }
        }
        if isLooping {
            await withCheckedContinuation { loopEndWaiters.append($0) }
        }
        await drainInFlight()
    }

    /// The next time a job fires, if it is scheduled.
    public func nextFire(of id: String) -> Date? { entries[id]?.next }

    /// How many times a job was due while its previous fire was still running.
    public func skippedFires(of id: String) -> Int { skipped[id, default: 0] }

    /// The ids of the jobs whose fire is running now.
    public var runningJobs: Set<String> { Set(inFlight.keys) }

    // MARK: Private

    private func add(_ job: ScheduledJob) {
        generations += 1
        guard var entry = entries[job.id] else {
            entries[job.id] = Entry(job: job, generation: generations)
            order.append(job.id)
            return
        }
        guard entry.job != job else { return }
        entry.job = job
        entry.generation = generations
        entry.catchingUp = nil
        if !entry.needsCatchUpCheck { entry.next = job.schedule.nextFire(after: clock.now()) }
        entries[job.id] = entry
    }

    /// Sets the first time of every job not yet looked at, catching up on missed times.
    private func checkMissedTimes() async {
        for id in order where entries[id]?.needsCatchUpCheck == true {
            guard let generation = entries[id]?.generation else { continue }
            let last = await lastFire(id)
            guard var entry = entries[id], entry.generation == generation, entry.needsCatchUpCheck else { continue }
            let now = clock.now()
            let schedule = entry.job.schedule
            entry.needsCatchUpCheck = false
            if let last, let missed = schedule.nextFire(after: last), missed <= now {
                switch entry.job.catchUp {
                case .one:
                    entry.next = now
                    entry.catchingUp = missed
                case .none:
                    entry.next = schedule.nextFire(after: now)
                    onEvent(.missed(job: id, missed: missed, next: entry.next))
                }
            } else {
                entry.next = schedule.nextFire(after: max(last ?? now, now))
            }
            entries[id] = entry
        }
    }

    private func fireDueJobs(now: Date) {
        for id in order {
            guard var entry = entries[id], let due = entry.next, due <= now else { continue }
            if inFlight[id] != nil {
                skipped[id, default: 0] += 1
                onEvent(.skippedOverlap(job: id, scheduled: due))
            } else {
                if let missed = entry.catchingUp { onEvent(.catchingUp(job: id, missed: missed)) }
                start(id, scheduled: entry.catchingUp ?? due)
            }
            entry.catchingUp = nil
            entry.next = entry.job.schedule.nextFire(after: max(now, due))
            entries[id] = entry
        }
    }

    private func start(_ id: String, scheduled: Date) {
        onEvent(.fired(job: id, scheduled: scheduled))
        let fire = fire
        inFlight[id] = Task {
            await fire(id)
            self.finished(id, scheduled: scheduled)
        }
    }

    private func finished(_ id: String, scheduled: Date) {
        inFlight[id] = nil
        onEvent(.finished(job: id, scheduled: scheduled))
    }

    /// Sleeps until `deadline` (forever if nil), or until `update`, `stop` or cancellation wakes it.
    private func sleep(until deadline: Date?) async {
        let clock = clock
        let task = Task { try await clock.sleep(until: deadline ?? .distantFuture) }
        wakeUp = task
        await withTaskCancellationHandler {
            _ = try? await task.value
        } onCancel: {
            task.cancel()
        }
        wakeUp = nil
    }

    private func drainInFlight() async {
        while let task = inFlight.values.first {
            await task.value
        }
    }
}
