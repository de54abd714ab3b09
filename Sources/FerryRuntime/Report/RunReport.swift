import FerryCore
import Foundation

/// What `ferry run --summary-json FILE` writes: the run's outcome and, when it succeeded, its `RunSummary`,
/// for an orchestrator to read instead of the summary's prose.
///
/// Keys are snake_case and sorted, as in `_manifest.json`; counts are integers, durations seconds, sizes
/// bytes. A failed or stopped run has its `error` and no datasets. Nothing in it is a secret or a raw
/// personal value: names of datasets and partitions, counts, the run id, the key id (a fingerprint).
public struct RunReport: Codable, Sendable, Equatable {
    /// How the run ended.
    public enum Outcome: String, Codable, Sendable {
        /// Everything committed and recorded.
        case succeeded
        /// Nothing committed; `error` says why.
        case failed
        /// Stopped by a signal; its checkpoint (with a state database) lets the next run continue it.
        case interrupted
    }

    public struct Window: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
    }

    public struct Partition: Codable, Sendable, Equatable {
        public var value: String
        public var directory: String
        public var files: Int
        public var rows: Int
        public var bytes: Int
    }

    public struct Dataset: Codable, Sendable, Equatable {
        public var dataset: String
        public var outputName: String
        public var schemaVersion: Int
        public var rows: Int
        public var files: Int
        public var bytes: Int
        public var partitions: [Partition]
        public var quarantined: Int
        /// Users or groups Graph has no such collection for (no mailbox, no manager): skipped, counted.
        public var skippedUnavailable: Int
        /// Users whose mailbox Graph refused (403) as outside the app's application access policy: skipped, counted.
        public var skippedAccessDenied: Int
        public var resyncs: Int
        public var duplicates: Int
        /// Records dated outside the run's window, left out.
        public var outsideWindow: Int
    }

    public struct GraphCounts: Codable, Sendable, Equatable {
        public var requests: Int
        public var retries: Int
        public var throttled: Int
        public var bytesFetched: Int
    }

    /// The version of this document's shape; a change that removes or renames a key raises it.
    public var reportVersion = 1
    public var outcome: Outcome
    public var pipeline: String
    public var runId: String?
    public var resumed: Bool
    public var window: Window?
    public var durationSeconds: Double?
    public var usersInScope: Int?
    /// Users with a mailbox dataset refused as outside the app's access policy, skipped.
    public var usersAccessDenied: Int?
    public var rows: Int?
    public var datasets: [Dataset]
    public var upToDate: [String]
    public var graph: GraphCounts?
    public var pseudonymKeyId: String?
    public var outputRoot: String?
    /// Why a failed or interrupted run ended, as the error message says it.
    public var error: String?

    /// The report of a run that succeeded.
    public init(_ summary: RunSummary) {
        outcome = .succeeded
        pipeline = summary.pipeline
        runId = summary.runId
        resumed = summary.resumed
        window = summary.window.map { Window(start: $0.start.iso8601, end: $0.end.iso8601) }
        durationSeconds = summary.seconds
        usersInScope = summary.usersInScope
        usersAccessDenied = summary.usersAccessDenied
        rows = summary.rows
        datasets = summary.datasets.map { result in
            Dataset(
                dataset: result.dataset, outputName: result.outputName.isEmpty ? result.dataset : result.outputName,
                schemaVersion: result.schemaVersion, rows: result.rows, files: result.files, bytes: result.bytes,
                partitions: result.partitions.map {
                    Partition(value: $0.value, directory: $0.directory.path, files: $0.files.count, rows: $0.rows, bytes: $0.bytes)
                },
                quarantined: result.quarantined, skippedUnavailable: result.usersWithoutMailbox,
                skippedAccessDenied: result.accessDenied, resyncs: result.resyncs,
                duplicates: result.duplicates, outsideWindow: result.outsideWindow)
        }
        upToDate = summary.upToDate
        graph = GraphCounts(
            requests: summary.requests, retries: summary.retries, throttled: summary.throttled,
            bytesFetched: summary.bytesFetched)
        pseudonymKeyId = summary.pseudonymKeyId
        outputRoot = summary.outputRoot.path
    }

    /// The report of a run that failed or was interrupted before it had a summary.
    public init(pipeline: String, outcome: Outcome, error: String) {
        self.outcome = outcome
        self.pipeline = pipeline
        resumed = false
        datasets = []
        upToDate = []
        self.error = error
    }

    /// The report as JSON text: snake_case keys, sorted, indented, ending in a newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes the report to `url` atomically: a reader sees the previous file or this one whole, never half.
    public func write(to url: URL) throws {
        try encoded().write(to: url, options: .atomic)
    }

    /// Reads a report `write(to:)` wrote.
    public static func read(from url: URL) throws -> RunReport {
        try JSONValueDecoder(convertsKeysFromSnakeCase: true).decode(RunReport.self, from: Array(try Data(contentsOf: url)))
    }
}
