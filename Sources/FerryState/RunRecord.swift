import Foundation

/// Where a run stands.
public enum RunStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Started and not finished; its process may still be working or may have died.
    case running
    /// Finished and committed everything.
    case succeeded
    /// Stopped on an error; the next run starts again from the last watermark.
    case failed
    /// Stopped before the end (a shutdown or a process that died); its checkpoints allow a resume.
    case interrupted

    public var description: String { rawValue }
}

/// One run of a pipeline as the state database remembers it.
///
/// Timestamps have millisecond precision: the database stores ISO 8601 text, truncated to the millisecond.
public struct RunRecord: Sendable, Hashable {
    /// The run id, unique across pipelines.
    public var id: String
    /// The pipeline's name.
    public var pipeline: String
    /// The start of the exported window, inclusive; nil for a run without a window.
    public var windowStart: Date?
    /// The end of the exported window, exclusive; nil for a run without a window.
    public var windowEnd: Date?
    /// When the run began; a resume keeps the original start.
    public var startedAt: Date
    /// When the run finished; nil while running.
    public var endedAt: Date?
    /// Where the run stands.
    public var status: RunStatus
    /// Rows written, as reported by `finishRun`.
    public var rows: Int
    /// Why the run failed or was interrupted.
    public var error: String?
    /// The host name of the process that runs (or ran) it.
    public var host: String
    /// The process id of the process that runs (or ran) it.
    public var pid: Int32

    public init(
        id: String, pipeline: String, windowStart: Date?, windowEnd: Date?, startedAt: Date, endedAt: Date?,
        status: RunStatus, rows: Int, error: String?, host: String, pid: Int32
    ) {
        self.id = id
        self.pipeline = pipeline
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.rows = rows
        self.error = error
        self.host = host
        self.pid = pid
    }
}
