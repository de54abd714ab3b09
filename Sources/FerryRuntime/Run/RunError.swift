/// A run that did not finish; nothing it wrote became visible.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public var pipeline: String
    public var reason: String
    /// The run was stopped (a signal, a scheduler shutting down) at a checkpoint, not failed: the next
    /// run of the pipeline continues it.
    public var stopped = false
    /// How the process should exit for it (configuration, permission, a failure worth retrying).
    public var status: ExitStatus

    public init(pipeline: String, reason: String, stopped: Bool = false, status: ExitStatus? = nil) {
        self.pipeline = pipeline
        self.reason = reason
        self.stopped = stopped
        self.status = status ?? (stopped ? .interrupted : .failed)
    }

    public var description: String {
        stopped
            ? "run of pipeline '\(pipeline)' stopped before the end, and none of its output is visible yet: \(reason)"
            : "run of pipeline '\(pipeline)' failed, and none of its output was committed: \(reason)"
    }
}
