import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryTransform
import Foundation

/// Everything decided once per dataset before a run fetches anything: what is asked of Graph, how each
/// record becomes a line, and where the lines go.
package struct DatasetPlan: Sendable {
    /// The column a delta dataset's records carry besides the schema's: `upsert`, `deleted` or `resync`.
    static let changeColumn = "_change"

    package let schema: DatasetSchema
    /// Read through Graph's delta query and written as a change feed, one partition per run.
    let isDelta: Bool
    /// The directory the dataset's partitions go to: the schema's name, `<name>_delta` for a change feed.
    let outputName: String
    /// The Hive partition column: `date`, or `run` for a change feed.
    let partitionKey: String
    let projection: ProjectionPlan
    /// The output format and every column of a line: the projection's, then `_change` for a change feed.
    package let format: LineFormat
    /// `$select`, the window, the headers: how the collection is asked of Graph.
    package let request: CollectionRequest
    /// The application permissions reading what `request` selects needs, least privilege: the schema's
    /// basic permission (`Mail.ReadBasic.All`) when no property it withholds is selected, else its permissions.
    package let permissions: [String]
    /// Partitions written even when they get no rows: a change feed's partition of the run.
    private(set) var declaredPartitions: [String] = []
    /// The partitions the run is the whole truth for: a covered day without records is removed, so a
    /// re-run empties it, and no empty partition is written.
    private(set) var coverage: PartitionCoverage?
    /// The partition of records without a date column: the day the run took its snapshot.
    package let snapshotPartition: String

    package init(
        selection: DatasetSelection, pipeline: Pipeline, pseudonymizer: Pseudonymizer?, window: RunWindow?, snapshotDate: String,
        runId: String, firstRoundWindow: RunWindow? = nil
    ) throws {
        let schema = pipeline.schema(of: selection)
        isDelta = selection.incremental == .delta
        outputName = isDelta ? schema.name + "_delta" : schema.name
        partitionKey = isDelta ? "run" : "date"
        self.schema = schema
        snapshotPartition = isDelta ? runId : snapshotDate
        let config = pipeline.pseudonymize
        projection = try ProjectionPlan(
            schema: schema, modes: config?.modes ?? [:], columnModes: config?.columnModes[schema.name] ?? [:],
            pseudonymizer: pseudonymizer)
        let kind = pipeline.load.format
        format = LineFormat(kind, columns: projection.columnNames + (isDelta ? [Self.changeColumn] : []))

        var properties: [String] = []
        for column in projection.columns {
            // A redacted column is null whatever Graph holds, so it is not asked for (least privilege:
            // redacted body text needs no Mail.Read), unless partitions are cut by it.
            if column.whole?.mode == .redact, column.name != schema.dateColumn { continue }
            // Annotations such as @odata.type come with every object and cannot be selected.
            guard case .graph(let path) = column.source, case .key(let key)? = path.segments.first,
                !key.hasPrefix("@"), !properties.contains(key)
            else { continue }
            properties.append(key)
        }
        if schema.isUserDirectory, !properties.contains("userType") {
            properties.append("userType")  // scope.exclude_guests needs it
        }

        // A delta round without a link (a new user, an expired link) covers the pipeline's whole
        // window, not the incremental days since the last run.
        let roundWindow = isDelta ? firstRoundWindow ?? window : window
        if schema.collection.window == .parameters && roundWindow == nil {
            throw RunError(
                pipeline: pipeline.name,
                reason: "dataset '\(schema.name)' reads \(schema.collection.path), which needs a date range: give the pipeline a window")
        }
        permissions = schema.permissions(selecting: properties)
        request = CollectionRequest(
            collection: schema.collection, select: properties, isDelta: isDelta,
            window: roundWindow.map { .init(start: $0.start.iso8601, end: $0.end.iso8601, property: schema.dateColumn) })
        switch (schema.collection.window, roundWindow) {
        case (.filter, let window?) where schema.dateColumn != nil: coverage = window.coverage
        case (.parameters, let window?): coverage = window.coverage
        default: coverage = schema.dateColumn == nil ? .values([snapshotDate]) : nil
        }
        if isDelta {
            declaredPartitions = [runId]
            coverage = nil
        }
    }

    /// A projector writing this dataset's lines; one per worker, since it keeps caches.
    /// What decides the bytes of the dataset's lines, for a process that continues the run: the projection
    /// (key, columns, modes), the format, the compression and the shard.
    func writeSettings(compression: String, shard: ShardLeaf?) -> String {
        projection.fingerprint + "\nformat \(format.kind) \(compression)\nshard \(shard.map { "\($0.index)/\($0.count)" } ?? "-")"
    }

    package func makeProjector(tenant: String) -> LineProjector {
        LineProjector(plan: projection, tenant: tenant, format: format.kind, extraColumns: isDelta ? [Self.changeColumn] : [])
    }

    /// The layout of the dataset's output files under `root`.
    func layout(root: URL) -> PartitionLayout {
        PartitionLayout(root: root, dataset: outputName, partitionKey: partitionKey, fileExtension: format.fileExtension)
    }

    /// What the manifests of this dataset's partitions record besides their files.
    package func manifestContext(runId: String, pipeline: Pipeline, window: RunWindow?, keyId: String?) -> ManifestContext {
        ManifestContext(
            runId: runId, pipeline: pipeline.name, dataset: schema.name, schemaVersion: schema.version,
            windowStart: window?.start.iso8601, windowEnd: window?.end.iso8601, pseudonymKeyId: keyId,
            format: pipeline.load.format.rawValue, compression: pipeline.load.outputCompression.name)
    }
}

/// A run's date window as whole UTC days.
package struct RunWindow: Sendable {
    let start: UTCTimestamp
    let end: UTCTimestamp

    init(start: UTCTimestamp, end: UTCTimestamp) {
        self.start = start
        self.end = end
    }

    /// The pipeline's window as of `now`, if it has one.
    package init?(of pipeline: Pipeline, now: Date) {
        guard let range = pipeline.window?.resolve(now: now) else { return nil }
        self.init(start: UTCTimestamp(range.start), end: UTCTimestamp(range.end))
    }

    /// True when the window holds no instant: the last run already covered every whole day before now.
    var isEmpty: Bool { start >= end }

    /// Every UTC day the window touches, as a range of partition values: a day partly inside counts.
    var coverage: PartitionCoverage {
        let last = end.startOfDay < end ? end.startOfDay.adding(days: 1) : end.startOfDay
        return .range(from: start.startOfDay.dateText, to: max(last, start.startOfDay).dateText)
    }
}

extension LoadConfig {
    /// `load.compression` and `load.level` as the writer takes them.
    package var outputCompression: OutputCompression {
        gzip ? .gzip(level: level) : .none
    }
}
