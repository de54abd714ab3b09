import FerryCore

/// A validated pipeline file: what to extract, how to transform it, where to load it, when to run.
public struct Pipeline: Sendable {
    /// The pipeline file as the user named it.
    public var file: String
    public var name: String
    public var source: SourceConfig
    public var scope: ScopeConfig
    public var window: WindowConfig?
    public var datasets: [DatasetSelection]
    public var pseudonymize: PseudonymizeConfig?
    public var load: LoadConfig
    public var schedule: ScheduleConfig?
    public var throttle: ThrottleConfig
    /// What to analyse after a successful run (`analyze:`), or nil for nothing.
    public var analyze: AnalyzeConfig?

    /// What logs, errors and reports must never show: the client secret and the pseudonymization key.
    public var secrets: [String] {
        [source.clientSecret?.value, pseudonymize?.key.value].compactMap { $0 }
    }

    /// The schema of `selection` as this pipeline reads it: with the window's column as its date column
    /// where that applies (`DatasetSchema.windowed(on:)`).
    public func schema(of selection: DatasetSelection) -> DatasetSchema {
        selection.schema.windowed(on: window?.column)
    }

    /// The datasets read by date, with a date column of their own or the window's: the ones a window
    /// filters and a watermark moves on.
    public var datedDatasets: [DatasetSelection] {
        datasets.filter { schema(of: $0).dateColumn != nil }
    }

    public init(
        file: String, name: String, source: SourceConfig, scope: ScopeConfig = ScopeConfig(),
        window: WindowConfig? = nil, datasets: [DatasetSelection], pseudonymize: PseudonymizeConfig? = nil,
        load: LoadConfig = LoadConfig(), schedule: ScheduleConfig? = nil, throttle: ThrottleConfig = ThrottleConfig(),
        analyze: AnalyzeConfig? = nil
    ) {
        self.file = file
        self.name = name
        self.source = source
        self.scope = scope
        self.window = window
        self.datasets = datasets
        self.pseudonymize = pseudonymize
        self.load = load
        self.schedule = schedule
        self.throttle = throttle
        self.analyze = analyze
    }

    static let keys = [
        "name", "source", "scope", "window", "datasets", "transform", "load", "schedule", "throttle", "schemas", "analyze",
    ]

    /// Reads the root mapping; `nil` when anything is wrong (every problem is in `reader`).
    ///
    /// `catalog` is `nil` when the schemas could not be found; datasets are then not resolved.
    static func read(_ root: YAMLNode, catalog: SchemaCatalog?, reader: inout ConfigReader) -> Pipeline? {
        guard let mapping = reader.mapping(root, at: "", keys: keys, required: ["name", "source", "datasets"])
        else { return nil }
        let before = reader.diagnostics.count

        let name = mapping["name"].flatMap { readName($0, reader: &reader) }
        let source = mapping["source"].flatMap { SourceConfig.read($0, reader: &reader) }
        let scope = ScopeConfig.read(mapping["scope"], reader: &reader)
        let datasets = mapping["datasets"].flatMap {
            DatasetSelection.readAll($0, catalog: catalog, reader: &reader)
        }
        if let scope, scope.users != .all, let datasets, let node = mapping["datasets"],
            let directory = datasets.first(where: { $0.schema.isUserDirectory && $0.incremental == .delta })
        {
            // Graph's users delta takes no $filter but ids, and group membership is not in it: the change
            // feed would hold every user of the tenant, outside the scope the pipeline names.
            reader.error(
                "dataset '\(directory.schema.name)' with 'incremental: delta' reads every user of the tenant, but "
                    + "'scope.users' limits the users; Graph's users delta cannot be filtered. Export it without "
                    + "incremental: delta (the scope's filter applies), or set scope.users: all",
                at: node.position)
        }
        let window = mapping["window"].flatMap { WindowConfig.read($0, reader: &reader) }
        if let window, let column = window.column, let datasets, let node = mapping["window"] {
            checkWindowColumn(column, datasets: datasets, window: node, reader: &reader)
        }
        var pseudonymize: PseudonymizeConfig?
        var hasPseudonymize = false
        if let node = mapping["transform"],
            let transform = reader.mapping(node, at: "transform", keys: ["pseudonymize"]),
            let node = transform["pseudonymize"]
        {
            hasPseudonymize = true
            pseudonymize = PseudonymizeConfig.read(node, catalog: catalog, reader: &reader)
        }
        let load = LoadConfig.read(mapping["load"], reader: &reader)
        let schedule = mapping["schedule"].flatMap { ScheduleConfig.read($0, reader: &reader) }
        let throttle = ThrottleConfig.read(mapping["throttle"], reader: &reader)
        if let node = mapping["schemas"] {
            _ = reader.string(node, at: "schemas")
        }
        let analyze = mapping["analyze"].flatMap { AnalyzeConfig.read($0, reader: &reader) }
        if analyze != nil, !hasPseudonymize, let node = mapping["analyze"] {
            reader.error(
                "'analyze' needs 'transform.pseudonymize': the analysis refuses an export that was not pseudonymized; "
                    + "add transform.pseudonymize.key, or remove 'analyze'",
                at: node.position)
        }

        guard reader.diagnostics.count == before, let name, let source, let scope, let datasets, let load, let throttle
        else { return nil }
        return Pipeline(
            file: reader.file, name: name, source: source, scope: scope, window: window, datasets: datasets,
            pseudonymize: pseudonymize, load: load, schedule: schedule, throttle: throttle, analyze: analyze)
    }

    private static func readName(_ node: YAMLNode, reader: inout ConfigReader) -> String? {
        guard let text = reader.string(node, at: "name") else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            reader.error(
                "'name' must use only lowercase letters, digits, '_' and '-', not \(reader.quoted(text, of: node))",
                at: node.position)
            return nil
        }
        return text
    }

    /// A window column must be one that at least one selected dataset can be filtered on
    /// (`DatasetSchema.windowed(on:)`), or the window filters nothing.
    private static func checkWindowColumn(
        _ column: String, datasets: [DatasetSelection], window: YAMLNode, reader: inout ConfigReader
    ) {
        let schemas = datasets.map(\.schema)
        guard !schemas.contains(where: { $0.windowed(on: column).dateColumn == column }) else { return }
        let candidates = Array(
            Set(schemas.flatMap { schema in schema.columns.map(\.name).filter { schema.windowed(on: $0).dateColumn == $0 } })
        ).sorted()
        var position = window.position
        var shown = "'\(column)'"
        if case .mapping(let entries) = window.content, let entry = entries.first(where: { $0.key == "column" }) {
            position = entry.value.position
            shown = reader.quoted(column, of: entry.value)
        }
        if let directory = schemas.first(where: { $0.role != nil && $0.column(named: column)?.type == .timestamp }) {
            let why = directory.isUserDirectory
                ? "the user directory ('\(directory.name)') has; it is always read whole, since every per-user dataset fans out over it"
                : "the group directory ('\(directory.name)') has; it is always read whole, as a snapshot of the groups that exist"
            reader.error(
                "'window.column' is \(shown), which only " + why
                    + (candidates.isEmpty ? "" : " (timestamp columns to filter on: \(candidates.joined(separator: ", ")))"),
                at: position)
            return
        }
        reader.error(
            "'window.column' is \(shown), which no selected dataset has"
                + Suggestion.didYouMean(column, in: candidates)
                + (candidates.isEmpty ? "" : " (timestamp columns: \(candidates.joined(separator: ", ")))"),
            at: position)
    }
}
