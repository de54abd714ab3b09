import FerryState
import Foundation

/// What `ferry runs --json` and `ferry status --json` print: the state database's records as JSON, with
/// snake_case keys and UTC ISO 8601 times, for an orchestrator to read.
enum StateJSON {
    /// One run, as `ferry runs --json` lists it.
    struct Run: Encodable {
        var runId: String
        var pipeline: String
        var status: String
        var startedAt: String
        var endedAt: String?
        var seconds: Double?
        var rows: Int
        var windowStart: String?
        var windowEnd: String?
        var error: String?
        var host: String
        var pid: Int32

        init(_ record: RunRecord) {
            runId = record.id
            pipeline = record.pipeline
            status = record.status.rawValue
            startedAt = StatusFormat.instant(record.startedAt)
            endedAt = record.endedAt.map(StatusFormat.instant)
            seconds = record.endedAt.map { ($0.timeIntervalSince(record.startedAt) * 1000).rounded() / 1000 }
            rows = record.rows
            windowStart = record.windowStart.map(StatusFormat.instant)
            windowEnd = record.windowEnd.map(StatusFormat.instant)
            error = record.error
            host = record.host
            pid = record.pid
        }
    }

    /// One pipeline, as `ferry status --json` shows it.
    struct Pipeline: Encodable {
        var pipeline: String
        var lastRun: Run
        var lastSuccess: Run?
        /// Per dated dataset: the end of what has been exported (UTC).
        var watermarks: [String: String]
    }

    /// `value` as JSON text: sorted snake_case keys, indented; a value not known (a run still running has no `ended_at`) is left out.
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
