import FerryCore
import Foundation

/// Everything `ferry analyze` is told: where, which days, which assumptions, which privacy rules.
public struct AnalysisOptions: Sendable {
    /// The export's output directory; tables go to `<root>/analysis/<table>/`.
    public var root: URL
    public var from: UTCTimestamp?
    public var to: UTCTimestamp?
    public var assumptions = Assumptions()
    public var privacy = PrivacyPolicy()
    /// The dimension groups are formed by.
    public var groupBy = AnalysisGrouping.department
    /// The tables' format, and whether they are gzipped.
    public var format = LineFormat.Kind.jsonl
    public var gzip = true
    /// Analyse input without pseudonym keys, or with several (refused by default).
    public var allowUnpseudonymized = false
    public var allowMixedKeys = false
    /// The run id written into the tables' manifests and part names.
    public var runId: String

    public init(root: URL, runId: String) {
        self.root = root
        self.runId = runId
    }
}
