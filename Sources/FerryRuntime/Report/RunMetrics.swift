import CoreMetrics
import Foundation

/// What a pipeline run reports through swift-metrics when it ends (see `GraphMetrics` for its requests):
/// - `ferry_runs_total{pipeline,outcome}`: runs by outcome (`succeeded`, `failed`, `interrupted`);
/// - `ferry_run_duration_seconds{pipeline,outcome}`: how long they took (a histogram);
/// - `ferry_records_written_total{pipeline,dataset}`, `ferry_bytes_written_total{pipeline,dataset}`: rows and
///   bytes committed, as the manifests describe them;
/// - `ferry_records_quarantined_total{pipeline,dataset}`: records that did not become rows;
/// - `ferry_units_skipped_total{pipeline,dataset,reason}`: users or groups skipped (`unavailable`: Graph has
///   no such collection for them, e.g. no mailbox; `access_denied`: a mailbox an application access policy keeps
///   out of the app's reach);
/// - `ferry_last_success_timestamp_seconds{pipeline}`, `ferry_watermark_timestamp_seconds{pipeline}`: when
///   the last successful run ended, and the end of the window it exported (Unix time).
enum RunMetrics {
    enum Outcome: String {
        case succeeded, failed, interrupted
    }

    static func succeeded(_ summary: RunSummary, at now: Date = Date()) {
        let pipeline = [("pipeline", summary.pipeline)]
        ended(pipeline: summary.pipeline, outcome: .succeeded, duration: summary.duration)
        for result in summary.datasets {
            let dataset = pipeline + [("dataset", result.dataset)]
            Counter(label: "ferry_records_written_total", dimensions: dataset).increment(by: result.rows)
            Counter(label: "ferry_bytes_written_total", dimensions: dataset).increment(by: result.bytes)
            Counter(label: "ferry_records_quarantined_total", dimensions: dataset).increment(by: result.quarantined)
            Counter(label: "ferry_units_skipped_total", dimensions: dataset + [("reason", "unavailable")])
                .increment(by: result.usersWithoutMailbox)
            Counter(label: "ferry_units_skipped_total", dimensions: dataset + [("reason", "access_denied")])
                .increment(by: result.accessDenied)
        }
        Gauge(label: "ferry_last_success_timestamp_seconds", dimensions: pipeline).record(now.timeIntervalSince1970)
        if let end = summary.window?.end {
            Gauge(label: "ferry_watermark_timestamp_seconds", dimensions: pipeline)
                .record(Double(end.millisecondsSinceEpoch) / 1000)
        }
    }

    static func ended(pipeline: String, outcome: Outcome, duration: Duration) {
        let dimensions = [("pipeline", pipeline), ("outcome", outcome.rawValue)]
        Counter(label: "ferry_runs_total", dimensions: dimensions).increment()
        let (seconds, attoseconds) = duration.components
        CoreMetrics.Timer(label: "ferry_run_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
