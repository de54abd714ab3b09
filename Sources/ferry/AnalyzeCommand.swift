import ArgumentParser
import FerryAnalyze
import FerryCore
import Foundation

/// `ferry analyze OUT_DIR`: collaboration analytics over an export's own pseudonymized partitions.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse how the organisation collaborates, from a pseudonymized export.",
        discussion: """
            Reads the partitions a pipeline wrote under OUT_DIR (users, managers, messages, sent_items, \
            calendar_view, mailbox_settings, group_members; whatever exists), computes person-week metrics, \
            the interaction graph and its measures (PageRank, betweenness, constraint, Leiden communities at \
            two levels), and writes group-level tables under OUT_DIR/analysis/<table>/ with definitions.json, \
            suppression.json and report.html. No published figure describes fewer than --min-group-size people; \
            person-level tables need --person-level. Input that was not pseudonymized, or that mixes pseudonym \
            keys, is refused.
            """)

    @Argument(help: "The export's output directory (the pipeline's load.path).")
    var outDir: String

    @Option(
        help: "The first day analysed, YYYY-MM-DD (default: the first exported).",
        transform: { try Self.day($0, option: "--from", example: "2026-11-01") })
    var from: UTCTimestamp?

    @Option(
        help: "The day after the last day analysed, YYYY-MM-DD (default: after the last exported).",
        transform: { try Self.day($0, option: "--to", example: "2026-12-01") })
    var to: UTCTimestamp?

    @Option(help: "The smallest group any output figure may describe (at least 5).")
    var minGroupSize: Int = 10

    @Flag(help: "Also write person_week, person_network and edges (pseudonyms only).")
    var personLevel = false

    @Option(help: "Add Laplace noise to group aggregates with this privacy budget per cell.")
    var noise: Double?

    @Option(help: "Group people by department, office or community.")
    var groupBy: AnalysisGrouping = .department

    @Option(help: "The output format: jsonl or csv.")
    var format: LineFormat.Kind = .jsonl

    @Flag(help: "Write the tables without gzip.")
    var noGzip = false

    @Option(help: "Leiden resolution of the coarse community level.")
    var coarseResolution: Double = 1.0

    @Option(help: "Leiden resolution within each coarse community (the fine level).")
    var fineResolution: Double = 1.0

    @Option(help: "Seed of community detection and sampling.")
    var seed: UInt64 = 42

    @Option(help: "Minutes attributed to writing one sent mail.")
    var minutesPerSentMail: Double = 5.0

    @Flag(help: "Analyse an export without pseudonym keys (you must be entitled to see identities).")
    var allowUnpseudonymized = false

    @Flag(help: "Analyse partitions written with different pseudonym keys (their pseudonyms will not join).")
    var allowMixedKeys = false

    func validate() throws {
        guard minGroupSize >= PrivacyPolicy.smallestAllowedGroupSize else {
            throw ValidationError("--min-group-size must be at least \(PrivacyPolicy.smallestAllowedGroupSize): smaller groups could identify people")
        }
        if let noise, !(noise > 0) { throw ValidationError("--noise takes a positive epsilon such as 1.0") }
    }

    func run() throws {
        var options = AnalysisOptions(root: URL(fileURLWithPath: outDir), runId: PipelineAnalysis.runId())
        options.from = from
        options.to = to
        options.privacy = PrivacyPolicy(minimumGroupSize: minGroupSize, personLevel: personLevel, noiseEpsilon: noise)
        options.groupBy = groupBy
        options.format = format
        options.gzip = !noGzip
        options.allowUnpseudonymized = allowUnpseudonymized
        options.allowMixedKeys = allowMixedKeys
        options.assumptions.coarseResolution = coarseResolution
        options.assumptions.fineResolution = fineResolution
        options.assumptions.seed = seed
        options.assumptions.minutesPerSentMail = minutesPerSentMail
        do {
            for line in try PipelineAnalysis.run(options) { print(line) }
        } catch let error as AnalyzeError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(error.kind == .privacy ? 3 : 1)
        }
    }
}

extension AnalyzeCommand {
    /// The instant `text` names, read once when the arguments are.
    static func day(_ text: String, option: String, example: String) throws -> UTCTimestamp {
        guard let day = UTCTimestamp(parsing: text) else { throw ValidationError("\(option) takes a date such as \(example), not '\(text)'") }
        return day
    }
}

extension AnalysisGrouping: ExpressibleByArgument {}
extension LineFormat.Kind: ExpressibleByArgument {}
