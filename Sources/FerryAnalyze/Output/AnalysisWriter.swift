import FerryLoad
import Foundation

/// Writes an analysis under `<root>/analysis/`: one Hive-partitioned table per directory through
/// Ferry's writer and commit protocol, then `definitions.json`, `suppression.json` and `report.html`.
public enum AnalysisWriter {
    /// What was written where.
    public struct Summary: Sendable {
        public var directory: URL
        public var rows: [String: Int]
        public var report: URL
    }

    public static func write(_ analysis: inout CollaborationAnalysis) throws -> Summary {
        let start = ContinuousClock.now
        let options = analysis.options
        let directory = options.root.appending(path: "analysis", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tables = AnalysisTables.build(analysis)
        let writer = TableWriter(
            root: directory, format: options.format, gzip: options.gzip, runId: options.runId, keyId: analysis.keyIds.first,
            window: (options.from?.iso8601, options.to?.iso8601))
        // Each table has its own directory, writer and commit: they are compressed side by side.
        let written = ResultSlots<Int>(count: tables.count)
        DispatchQueue.concurrentPerform(iterations: tables.count) { index in
            written.set(index, Result { try writer.write(tables[index]) })
        }
        var rows: [String: Int] = [:]
        for (table, result) in zip(tables, written.take()) { rows[table.name] = try result.get() }
        try atomicWrite(Definitions(assumptions: options.assumptions, privacy: options.privacy).encoded(), to: directory.appending(path: "definitions.json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try atomicWrite(encoder.encode(analysis.suppression), to: directory.appending(path: "suppression.json"))
        let report = directory.appending(path: "report.html")
        try atomicWrite(Data(ReportBuilder.html(analysis, tables: tables).utf8), to: report)
        let elapsed = ContinuousClock.now - start
        analysis.times.write = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Summary(directory: directory, rows: rows, report: report)
    }

    private static func atomicWrite(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw AnalyzeError(.input, "cannot write '\(url.path(percentEncoded: false))': \(error.localizedDescription); check that OUT_DIR is writable")
        }
    }
}
