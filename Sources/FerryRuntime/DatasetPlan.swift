import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryTransform
import Foundation

/// Everything decided once per dataset before a run fetches anything.
struct DatasetPlan: Sendable {
    let schema: DatasetSchema
    let projection: ProjectionPlan
    let encoder: any RecordEncoder
    /// The `$select` list: only the properties the output columns read.
    let select: [String]
    /// The `$filter` of the date window, when the dataset has a date column and the pipeline a window.
    let filter: String?
    /// Query parameters the window becomes instead (`startDateTime`, `endDateTime` for calendarView).
    let windowParameters: [(name: String, value: String)]
    /// Headers Graph needs on every page of this collection.
    let headers: [(name: String, value: String)]
    /// Partitions the run owns even if they get no rows, so a re-run empties them.
    let declaredPartitions: [String]
    /// The partition of records without a date column: the day the run took its snapshot.
    let snapshotPartition: String

    init(selection: DatasetSelection, pipeline: Pipeline, pseudonymizer: Pseudonymizer?, window: RunWindow?, snapshotDate: String)
        throws
    {
        var schema = selection.schema
        // The window's column, when the dataset has it, is also the one partitions are cut by:
        // filtering on one column and partitioning on another would let a re-run replace days it did not read.
        if let column = pipeline.window?.column, schema.collection.window == .filter,
            schema.column(named: column)?.type == .timestamp
        {
            schema.dateColumn = column
        }
        self.schema = schema
        snapshotPartition = snapshotDate
        let config = pipeline.pseudonymize
        let prefix = schema.name + "."
        var columnModes: [String: PseudonymMode] = [:]
        for (key, mode) in config?.columnModes ?? [:] where key.hasPrefix(prefix) {
            columnModes[String(key.dropFirst(prefix.count))] = mode
        }
        projection = try ProjectionPlan(
            schema: schema, modes: config?.modes ?? [:], columnModes: columnModes, pseudonymizer: pseudonymizer)
        switch pipeline.load.format {
        case .jsonl: encoder = JSONLineEncoder(columns: projection.columnNames)
        case .csv: encoder = CSVLineEncoder(columns: projection.columnNames)
        }

        var properties: [String] = []
        for column in projection.columns {
            // Annotations such as @odata.type come with every object and cannot be selected.
            guard case .graph(let path) = column.source, case .key(let key)? = path.segments.first,
                !key.hasPrefix("@"), !properties.contains(key)
            else { continue }
            properties.append(key)
        }
        if schema.collection.path == "/users", !properties.contains("userType") {
            properties.append("userType")  // scope.exclude_guests needs it
        }
        select = properties

        headers = schema.collection.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        switch (schema.collection.window, window, schema.dateColumn) {
        case (.filter, let window?, let column?):
            filter = "\(column) ge \(window.start.iso8601) and \(column) lt \(window.end.iso8601)"
            windowParameters = []
            declaredPartitions = window.days
        case (.parameters, let window?, _):
            filter = nil
            windowParameters = [("startDateTime", window.start.iso8601), ("endDateTime", window.end.iso8601)]
            declaredPartitions = window.days
        case (.parameters, nil, _):
            throw RunError(
                pipeline: pipeline.name,
                reason: "dataset '\(schema.name)' reads \(schema.collection.path), which needs a date range: give the pipeline a window")
        default:
            filter = nil
            windowParameters = []
            declaredPartitions = schema.dateColumn == nil ? [snapshotDate] : []
        }
    }

    /// What the manifests of this dataset's partitions record besides their files.
    func manifestContext(runId: String, pipeline: Pipeline, window: RunWindow?, keyId: String?) -> ManifestContext {
        ManifestContext(
            runId: runId, pipeline: pipeline.name, dataset: schema.name, schemaVersion: schema.version,
            windowStart: window?.start.iso8601, windowEnd: window?.end.iso8601, pseudonymKeyId: keyId,
            format: pipeline.load.format.rawValue, compression: pipeline.load.outputCompression.name)
    }

    /// The URL of the collection's first page (or of the object), for one user or group when the
    /// collection is per user or per group.
    func firstPageURL(graphURL: String, user: String?, userFilter: String?) -> String {
        let path = user.map { GraphQuery.expand(schema.collection.path, id: $0) } ?? schema.collection.path
        let top = schema.collection.shape == .collection ? schema.collection.maxPageSize : nil
        var query = GraphQuery(path: path, select: select, top: top, filter: filter)
        query.parameters = windowParameters
        if user == nil, let userFilter { query.filter = userFilter }
        return query.url(base: graphURL)
    }
}

/// A run's date window as whole UTC days.
struct RunWindow: Sendable {
    let start: UTCTimestamp
    let end: UTCTimestamp

    init(start: UTCTimestamp, end: UTCTimestamp) {
        self.start = start
        self.end = end
    }

    /// The pipeline's window as of `now`, if it has one.
    init?(of pipeline: Pipeline, now: Date) {
        guard let range = pipeline.window?.resolve(now: now) else { return nil }
        self.init(start: UTCTimestamp(range.start), end: UTCTimestamp(range.end))
    }

    /// True when the window holds no instant: the last run already covered every whole day before now.
    var isEmpty: Bool { start >= end }

    /// Every UTC day in the window, as partition values.
    var days: [String] {
        var days: [String] = []
        var day = start.startOfDay
        while day < end {
            days.append(day.dateText)
            day = day.adding(days: 1)
        }
        return days
    }
}

extension LoadConfig {
    /// `load.compression` and `load.level` as the writer takes them.
    var outputCompression: OutputCompression {
        gzip ? .gzip(level: level) : .none
    }
}
