import FerryCore
import FerryLoad
import Foundation

/// What a run did: per dataset what it wrote, and how the extraction went.
public struct RunSummary: Sendable {
    public struct DatasetResult: Sendable {
        public var dataset: String
        public var schemaVersion: Int
        public var rows: Int
        public var partitions: [PartitionSummary]
        public var quarantined: Int
        public var quarantineFile: URL?
        /// Users or groups for whom Graph answered 404 (no mailbox, no manager), skipped and counted.
        public var usersWithoutMailbox: Int
        /// Users whose mailbox Graph refused (403) as outside the app's application access policy: skipped, counted.
        public var accessDenied = 0
        /// Delta datasets: units whose delta link Graph no longer knew, read whole again (`_change: resync`).
        public var resyncs = 0
        /// Records a unit produced twice (same id, e.g. on two pages of `$skip` paging), written once.
        public var duplicates = 0
        /// Records dated on a day outside the run's window (calendarView returns events that began before
        /// it): left out, so that the partition of that day, which another run wrote whole, is not replaced.
        public var outsideWindow = 0
        /// The directory the dataset was written to: its name, or `<name>_delta` for a change feed.
        public var outputName: String = ""

        public var files: Int { partitions.reduce(0) { $0 + $1.files.count } }
        public var bytes: Int { partitions.reduce(0) { $0 + $1.bytes } }
    }

    public var runId: String
    public var pipeline: String
    public var window: (start: UTCTimestamp, end: UTCTimestamp)?
    public var outputRoot: URL
    public var datasets: [DatasetResult]
    public var usersInScope: Int
    /// Users with at least one mailbox dataset refused as outside the app's access policy, skipped.
    public var usersAccessDenied = 0
    public var requests: Int
    public var retries: Int
    public var throttled: Int
    public var duration: Duration
    public var bytesFetched: Int
    public var pseudonymKeyId: String?
    /// The run continued an unfinished one from its checkpoint.
    public var resumed = false
    /// Dated datasets skipped because the last successful run already covered every whole day.
    public var upToDate: [String] = []

    public var rows: Int { datasets.reduce(0) { $0 + $1.rows } }

    public var seconds: Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The summary a person reads after `ferry run`.
    public func render() -> String {
        var lines: [String] = []
        let windowText = window.map { " window [\($0.start.iso8601), \($0.end.iso8601))" } ?? ""
        let verb = resumed ? "resumed and succeeded" : "succeeded"
        lines.append("run \(runId) of pipeline '\(pipeline)' \(verb) in \(String(format: "%.1f", seconds)) s\(windowText)")
        lines.append(
            "  users in scope: \(usersInScope)"
                + (usersAccessDenied > 0
                    ? "; \(usersAccessDenied) mailboxes skipped: access denied (outside the app's application access policy)"
                    : ""))
        for result in datasets {
            var line = "  \(result.dataset) (schema v\(result.schemaVersion)): \(result.rows) rows in \(result.files) files"
            line += ", \(result.partitions.count) partitions, \(Self.bytes(result.bytes))"
            if result.usersWithoutMailbox > 0 {
                line += "; \(result.usersWithoutMailbox) skipped where Graph has none (no mailbox, no manager)"
            }
            if result.accessDenied > 0 {
                line += "; \(result.accessDenied) mailboxes skipped: access denied (403 ErrorAccessDenied, an access policy)"
            }
            if result.resyncs > 0 {
                line += "; \(result.resyncs) delta links expired, read whole again (_change: resync)"
            }
            if result.duplicates > 0 {
                line += "; \(result.duplicates) duplicate records (an id seen twice in one unit) written once"
            }
            if result.outsideWindow > 0 {
                line += "; \(result.outsideWindow) records dated before the window left out (the run of their day has them)"
            }
            if result.outputName != result.dataset && !result.outputName.isEmpty {
                line += " (change feed in \(result.outputName)/)"
            }
            if result.quarantined > 0 {
                line += "; \(result.quarantined) records quarantined in \(result.quarantineFile?.path ?? "_quarantine")"
            }
            lines.append(line)
        }
        for dataset in upToDate {
            lines.append("  \(dataset): nothing new since the last run (every whole day up to \(window?.end.iso8601 ?? "today") is exported)")
        }
        lines.append(
            "  graph: \(requests) requests, \(retries) retries, \(throttled) throttled, \(Self.bytes(bytesFetched)) fetched, "
                + "\(Int(Double(rows) / max(seconds, 0.001))) records/s")
        if let pseudonymKeyId { lines.append("  pseudonyms: key \(pseudonymKeyId)") }
        lines.append("  output: \(outputRoot.path)/<dataset>/date=YYYY-MM-DD/")
        return lines.joined(separator: "\n")
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
