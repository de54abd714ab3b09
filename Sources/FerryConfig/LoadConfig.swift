import FerryCore

/// Where and how records are written (the pipeline's `load:`).
public struct LoadConfig: Sendable {
    /// The file format of the output partitions.
    public var format: LineFormat.Kind
    /// Compress each file with gzip (`compression: gzip`).
    public var gzip: Bool
    /// The gzip level, 0 (store) to 9 (smallest).
    public var level: Int
    /// The output root as written; a relative path is relative to the current directory.
    public var path: String
    /// Roll to a new part file after this many rows.
    public var maxRowsPerFile: Int
    /// Roll to a new part file after this many bytes.
    public var maxBytesPerFile: Int

    public init(
        format: LineFormat.Kind = .jsonl, gzip: Bool = true, level: Int = 6, path: String = "./out",
        maxRowsPerFile: Int = 1_000_000, maxBytesPerFile: Int = 268_435_456
    ) {
        self.format = format
        self.gzip = gzip
        self.level = level
        self.path = path
        self.maxRowsPerFile = maxRowsPerFile
        self.maxBytesPerFile = maxBytesPerFile
    }

    static let keys = ["format", "compression", "level", "path", "max_rows_per_file", "max_bytes_per_file"]

    /// Reads `load:`; every key has a default, so an absent section is the defaults.
    static func read(_ node: YAMLNode?, reader: inout ConfigReader) -> LoadConfig? {
        var load = LoadConfig()
        guard let node else { return load }
        guard let mapping = reader.mapping(node, at: "load", keys: keys) else { return nil }
        let before = reader.diagnostics.count
        if let node = mapping["format"], let format = reader.choice(node, at: "load.format", of: LineFormat.Kind.self) {
            load.format = format
        }
        if let node = mapping["compression"],
            let compression = reader.choice(node, at: "load.compression", among: ["gzip", "none"])
        {
            load.gzip = compression == "gzip"
        }
        if let node = mapping["level"],
            let level = reader.integer(node, at: "load.level", in: 0...9, expected: "an integer from 0 to 9")
        {
            load.level = level
        }
        if let node = mapping["path"], let path = reader.string(node, at: "load.path") {
            load.path = path
        }
        let positive = "a positive integer"
        if let node = mapping["max_rows_per_file"],
            let rows = reader.integer(node, at: "load.max_rows_per_file", in: 1...Int.max, expected: positive)
        {
            load.maxRowsPerFile = rows
        }
        if let node = mapping["max_bytes_per_file"],
            let bytes = reader.integer(node, at: "load.max_bytes_per_file", in: 1...Int.max, expected: positive)
        {
            load.maxBytesPerFile = bytes
        }
        return reader.diagnostics.count == before ? load : nil
    }
}
