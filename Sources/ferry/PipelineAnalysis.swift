import FerryAnalyze
import FerryConfig
import FerryCore
import Foundation

/// The analysis `ferry analyze` runs, and the one `ferry run` and `ferry schedule` run after a
/// successful export when the pipeline has `analyze:`.
enum PipelineAnalysis {
    /// A run id for the analysis tables' manifests and part files: `analyze-<UTC time>`.
    static func runId(at date: Date = Date()) -> String {
        "analyze-" + UTCTimestamp(date).compact.dropLast()
    }

    /// The options a pipeline's `analyze:` section asks for, over its `load.path`.
    static func options(for pipeline: Pipeline, config: AnalyzeConfig, now: Date = Date()) -> AnalysisOptions {
        var options = AnalysisOptions(root: URL(fileURLWithPath: pipeline.load.path), runId: runId(at: now))
        if let days = config.lastDays {
            let today = UTCTimestamp(now).startOfDay
            options.to = today.adding(days: 1)
            options.from = today.adding(days: 1 - days)
        }
        options.privacy = PrivacyPolicy(minimumGroupSize: config.minGroupSize, personLevel: config.personLevel, noiseEpsilon: config.noise)
        options.groupBy = config.groupBy
        options.format = config.format
        return options
    }

    /// `run(_:)` on a thread of its own, so that hours of CPU never hold one of Swift's cooperative threads.
    static func runInBackground(_ options: AnalysisOptions) async throws -> [String] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(options) })
            }
        }
    }

    /// Runs and writes the analysis; returns the summary lines to print.
    static func run(_ options: AnalysisOptions) throws -> [String] {
        var analysis = try CollaborationAnalysis.run(options)
        let summary = try AnalysisWriter.write(&analysis)
        let t = analysis.times
        var lines = [
            "analysed \(analysis.data.people.count) people, \(analysis.data.mails.count) mails, \(analysis.data.meetings.count) meetings, "
                + "\(analysis.graph.edgeCount) ties",
            String(format: "stages: read %.2f s, metrics %.2f s, graph %.2f s, measures %.2f s, write %.2f s",
                   t.read, t.metrics, t.graph, t.measures, t.write),
        ]
        for (table, rows) in summary.rows.sorted(by: { $0.key < $1.key }) { lines.append("  \(table): \(rows) rows") }
        for missing in analysis.data.quality.missingDatasets { lines.append("  missing \(missing.dataset): \(missing.cost)") }
        lines.append("  suppressed or merged groups: \(analysis.suppression.entries.count) (see suppression.json)")
        lines.append("report: \(summary.report.path(percentEncoded: false))")
        return lines
    }
}
