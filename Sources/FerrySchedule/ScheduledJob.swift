/// What to do about scheduled times that passed while nothing was running (the scheduler was down).
public enum CatchUp: String, Sendable, Hashable, CaseIterable {
    /// Run once right away for all the missed times together, then keep to the schedule.
    case one
    /// Skip the missed times and wait for the next one.
    case none
}

/// A job the scheduler fires, identified by a stable id (a pipeline's name).
public struct ScheduledJob: Sendable, Equatable, Identifiable {
    /// The job's id, passed to the fire closure.
    public var id: String
    /// When it fires.
    public var schedule: Schedule
    /// What to do about times missed while the scheduler was not running.
    public var catchUp: CatchUp

    public init(id: String, schedule: Schedule, catchUp: CatchUp = .one) {
        self.id = id
        self.schedule = schedule
        self.catchUp = catchUp
    }
}
