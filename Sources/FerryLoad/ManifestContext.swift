/// What a partition's `_manifest.json` records besides its files.
public struct ManifestContext: Sendable {
    /// The run that wrote the partition; also part of every part file's name.
    public var runId: String
    /// The pipeline's name.
    public var pipeline: String
    /// The dataset's name.
    public var dataset: String
    /// The version of the dataset's schema the records follow.
    public var schemaVersion: Int
    /// The start of the extraction window (ISO 8601), if the run had one.
    public var windowStart: String?
    /// The end of the extraction window (ISO 8601), if the run had one.
    public var windowEnd: String?
    /// The id of the pseudonymization key, never the key itself.
    public var pseudonymKeyId: String?
    /// The record format, e.g. "jsonl" or "csv".
    public var format: String
    /// The compression, e.g. "gzip" or "none".
    public var compression: String
    /// The output names of every dataset of the pipeline's run, written into each run record, so that
    /// `ferry verify` knows which datasets a run must have even when a shard committed none.
    public var runDatasets: [String] = []

    /// Creates a manifest context.
    public init(
        runId: String, pipeline: String, dataset: String, schemaVersion: Int,
        windowStart: String? = nil, windowEnd: String? = nil, pseudonymKeyId: String? = nil,
        format: String, compression: String
    ) {
        self.runId = runId
        self.pipeline = pipeline
        self.dataset = dataset
        self.schemaVersion = schemaVersion
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.pseudonymKeyId = pseudonymKeyId
        self.format = format
        self.compression = compression
    }
}
