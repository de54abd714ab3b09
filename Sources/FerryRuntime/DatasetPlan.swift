import FerryConfig
import FerryCore
import FerryGraph
import FerryLoad
import FerryTransform
import Foundation

/// Everything decided once per dataset before a run fetches anything.
struct DatasetPlan: Sendable {
    /// The column a delta dataset's records carry besides the schema's: `upsert`, `deleted` or `resync`.
    static let changeColumn = "_change"

    let schema: DatasetSchema
    /// Read through Graph's delta query and written as a change feed, one partition per run.
    let isDelta: Bool
    /// The directory the dataset's partitions go to: the schema's name, `<name>_delta` for a change feed.
    let outputName: String
    /// The Hive partition column: `date`, or `run` for a change feed.
    let partitionKey: String
    let projection: ProjectionPlan
    let encoder: any RecordEncoder
    /// The `$select` list: only the properties the output columns read.
    let select: [String]
    /// The `$filter` of the date window, when the dataset has a date column and the pipeline a window.
    let filter: String?
    /// The window's lower bound alone, for a delta round: Graph's mail delta takes no upper bound,
    /// and later rounds follow new mail.
    let deltaFilter: String?
    /// Query parameters the window becomes instead (`startDateTime`, `endDateTime` for calendarView).
    let windowParameters: [(name: String, value: String)]
    /// Headers Graph needs on every page of this collection.
    let headers: [(name: String, value: String)]
    /// Partitions written even when they get no rows: a change feed's partition of the run.
    private(set) var declaredPartitions: [String] = []
    /// The partitions the run is the whole truth for: a covered day without records is removed, so a
    /// re-run empties it, and no empty partition is written.
    private(set) var coverage: PartitionCoverage?
    /// The partition of records without a date column: the day the run took its snapshot.
    let snapshotPartition: String

    init(
        selection: DatasetSelection, pipeline: Pipeline, pseudonymizer: Pseudonymizer?, window: RunWindow?, snapshotDate: String,
        runId: String, firstRoundWindow: RunWindow? = nil
    ) throws {
        var schema = selection.schema
        isDelta = selection.incremental == .delta
        outputName = isDelta ? schema.name + "_delta" : schema.name
        partitionKey = isDelta ? "run" : "date"
        // The window's column, when the dataset has it, is also the one partitions are cut by:
        // filtering on one column and partitioning on another would let a re-run replace days it did not read.
        if let column = pipeline.window?.column, schema.collection.window == .filter,
            schema.column(named: column)?.type == .timestamp
        {
            schema.dateColumn = column
        }
        self.schema = schema
        snapshotPartition = isDelta ? runId : snapshotDate
        let config = pipeline.pseudonymize
        let prefix = schema.name + "."
        var columnModes: [String: PseudonymMode] = [:]
        for (key, mode) in config?.columnModes ?? [:] where key.hasPrefix(prefix) {
            columnModes[String(key.dropFirst(prefix.count))] = mode
        }
        projection = try ProjectionPlan(
            schema: schema, modes: config?.modes ?? [:], columnModes: columnModes, pseudonymizer: pseudonymizer)
        let columns = projection.columnNames + (isDelta ? [Self.changeColumn] : [])
        switch pipeline.load.format {
        case .jsonl: encoder = JSONLineEncoder(columns: columns)
        case .csv: encoder = CSVLineEncoder(columns: columns)
        }

        var properties: [String] = []
        for column in projection.columns {
            // Annotations such as @odata.type come with every object and cannot be selected.
            guard case .graph(let path) = column.source, case .key(let key)? = path.segments.first,
                !key.hasPrefix("@"), !properties.contains(key)
            else { continue }
            properties.append(key)
        }
        if schema.isUserDirectory, !properties.contains("userType") {
            properties.append("userType")  // scope.exclude_guests needs it
        }
        select = properties

        var headers = schema.collection.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if isDelta {
            // Delta queries take their page size from Prefer, not $top; one Prefer header carries all.
            let size = "odata.maxpagesize=\(schema.collection.maxPageSize)"
            if let index = headers.firstIndex(where: { $0.name.lowercased() == "prefer" }) {
                headers[index].value += ", " + size
            } else {
                headers.append((name: "Prefer", value: size))
            }
        }
        self.headers = headers
        // A delta round without a link (a new user, an expired link) covers the pipeline's whole
        // window, not the incremental days since the last run.
        let roundWindow = isDelta ? firstRoundWindow ?? window : window
        switch (schema.collection.window, roundWindow, schema.dateColumn) {
        case (.filter, let window?, let column?):
            filter = "\(column) ge \(window.start.iso8601) and \(column) lt \(window.end.iso8601)"
            deltaFilter = "\(column) ge \(window.start.iso8601)"
            windowParameters = []
            coverage = window.coverage
        case (.parameters, let window?, _):
            filter = nil
            deltaFilter = nil
            windowParameters = [("startDateTime", window.start.iso8601), ("endDateTime", window.end.iso8601)]
            coverage = window.coverage
        case (.parameters, nil, _):
            throw RunError(
                pipeline: pipeline.name,
                reason: "dataset '\(schema.name)' reads \(schema.collection.path), which needs a date range: give the pipeline a window")
        default:
            filter = nil
            deltaFilter = nil
            windowParameters = []
            coverage = schema.dateColumn == nil ? .values([snapshotDate]) : nil
        }
        if isDelta {
            declaredPartitions = [runId]
            coverage = nil
        }
    }

    /// Whether pages go straight from bytes to JSON Lines (`JSONLineProjector`) instead of through
    /// parsed trees: for JSONL output of paged collections that are not change feeds.
    var projectsFromBytes: Bool {
        !isDelta && encoder is JSONLineEncoder && schema.collection.shape == .collection
    }

    /// The layout of the dataset's output files under `root`.
    func layout(root: URL) -> PartitionLayout {
        PartitionLayout(root: root, dataset: outputName, partitionKey: partitionKey, fileExtension: encoder.fileExtension)
    }

    /// The first request of a delta round that has no link to continue from: the whole collection,
    /// narrowed by the window's start (mail) or range (calendarView), which the delta link then keeps.
    func deltaStartURL(graphURL: String, owner: String?) -> String? {
        guard let deltaPath = schema.collection.deltaPath else { return nil }
        let path = owner.map { GraphQuery.expand(deltaPath, id: $0) } ?? deltaPath
        var query = GraphQuery(path: path, select: select)
        query.filter = deltaFilter
        query.parameters = windowParameters
        return query.url(base: graphURL)
    }

    private static let idPath = JSONPath(segments: [.key("id")])

    /// The values of a deletion record: the id, the owner and the tenant; everything else null.
    func deletionValues(id: String, owner: String?, tenant: String) -> [JSONValue] {
        projection.columns.map { column in
            switch column.source {
            case .user: owner.map(JSONValue.string) ?? .null
            case .tenant: .string(tenant)
            case .graph(let path): path == Self.idPath ? .string(id) : .null
            }
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

    /// Every UTC day the window touches, as a range of partition values: a day partly inside counts.
    var coverage: PartitionCoverage {
        let last = end.startOfDay < end ? end.startOfDay.adding(days: 1) : end.startOfDay
        return .range(from: start.startOfDay.dateText, to: max(last, start.startOfDay).dateText)
    }
}

extension LoadConfig {
    /// `load.compression` and `load.level` as the writer takes them.
    var outputCompression: OutputCompression {
        gzip ? .gzip(level: level) : .none
    }
}
