import FerryCore
import Foundation

/// Something the scheduler did, for its log.
public enum SchedulerEvent: Sendable, Equatable, CustomStringConvertible {
    /// The job started for the time `scheduled` (for a catch-up, the first missed time).
    case fired(job: String, scheduled: Date)
    /// The fire that started for `scheduled` returned.
    case finished(job: String, scheduled: Date)
    /// The job was due at `scheduled` while its previous fire was still running; this time is dropped.
    case skippedOverlap(job: String, scheduled: Date)
    /// The job missed `missed` (and maybe later times) while the scheduler was down; it fires once now.
    case catchingUp(job: String, missed: Date)
    /// The job missed `missed` while the scheduler was down and does not catch up; it waits for `next`.
    case missed(job: String, missed: Date, next: Date?)

    public var description: String {
        switch self {
        case .fired(let job, let scheduled): "\(job): started for \(scheduled.iso8601)"
        case .finished(let job, let scheduled): "\(job): finished the run for \(scheduled.iso8601)"
        case .skippedOverlap(let job, let scheduled):
            "\(job): skipped \(scheduled.iso8601) because the previous run is still going"
        case .catchingUp(let job, let missed): "\(job): catching up on the run missed at \(missed.iso8601)"
        case .missed(let job, let missed, let next):
            "\(job): not catching up on the run missed at \(missed.iso8601); next at \(next?.iso8601 ?? "never")"
        }
    }
}

extension Date {
    fileprivate var iso8601: String { UTCTimestamp(self).iso8601Seconds }
}
