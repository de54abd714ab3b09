import FerryCore
import FerryLoad
import Foundation

/// Writes analysis tables through Ferry's own writer and commit protocol: Hive partitions, gzip JSONL
/// or CSV, `_manifest.json` and `_SUCCESS`, each partition replaced atomically.
struct TableWriter {
    let root: URL
    let format: LineFormat.Kind
    let gzip: Bool
    let runId: String
    let keyId: String?
    let window: (start: String?, end: String?)

    /// Writes the table and returns the rows written.
    func write(_ table: AnalysisTable) throws -> Int {
        let encoder = LineFormat(format, columns: table.columns)
        let compression: OutputCompression = gzip ? .gzip(level: 6) : .none
        let writer = try DatasetWriter(
            layout: PartitionLayout(root: root, dataset: table.name, partitionKey: table.partitionKey, fileExtension: encoder.fileExtension),
            compression: compression, maxRowsPerFile: 1_000_000, maxBytesPerFile: 256 * 1024 * 1024,
            fileHeader: encoder.fileHeader,
            context: ManifestContext(
                runId: runId, pipeline: "analyze", dataset: table.name, schemaVersion: 1,
                windowStart: window.start, windowEnd: window.end, pseudonymKeyId: keyId,
                format: encoder.fileExtension, compression: compression.name))
        do {
            var line: [UInt8] = []
            for row in table.rows {
                line.removeAll(keepingCapacity: true)
                encoder.encode(row.values, into: &line)
                try writer.append(line, partition: row.partition)
            }
            _ = try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
        return table.rows.count
    }
}
