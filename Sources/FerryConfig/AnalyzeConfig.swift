import FerryCore

/// The pipeline's `analyze:` section: after a successful run, `ferry run` and `ferry schedule` analyse
/// the export (as `ferry analyze LOAD_PATH` would) with these settings. Absent: no analysis.
///
/// ```yaml
/// analyze:
///   last_days: 28          # only the last 28 days before the run (default: every exported day)
///   min_group_size: 10     # at least 5
///   person_level: false
///   noise: 1.0             # Laplace noise on group aggregates, privacy budget epsilon per cell
///   group_by: department   # department, office or community
///   format: jsonl          # jsonl or csv
/// ```
public struct AnalyzeConfig: Sendable, Equatable {
    public var lastDays: Int?
    public var minGroupSize = 10
    public var personLevel = false
    public var noise: Double?
    public var groupBy = AnalysisGrouping.department
    public var format = LineFormat.Kind.jsonl

    public init(lastDays: Int? = nil, minGroupSize: Int = 10, personLevel: Bool = false, noise: Double? = nil,
                groupBy: AnalysisGrouping = .department, format: LineFormat.Kind = .jsonl) {
        self.lastDays = lastDays
        self.minGroupSize = minGroupSize
        self.personLevel = personLevel
        self.noise = noise
        self.groupBy = groupBy
        self.format = format
    }

    static let keys = ["last_days", "min_group_size", "person_level", "noise", "group_by", "format"]

    /// Reads `analyze:`; `true` or an empty section means the defaults.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> AnalyzeConfig? {
        var config = AnalyzeConfig()
        if node.isNull { return config }
        if case .scalar = node.content {
            guard let enabled = reader.bool(node, at: "analyze") else { return nil }
            return enabled ? config : nil
        }
        guard let mapping = reader.mapping(node, at: "analyze", keys: keys) else { return nil }
        var valid = true
        if let node = mapping["last_days"] {
            if let days = reader.integer(node, at: "analyze.last_days", in: 1...3660, expected: "a number of days from 1 to 3660") {
                config.lastDays = days
            } else { valid = false }
        }
        if let node = mapping["min_group_size"] {
            if let size = reader.integer(
                node, at: "analyze.min_group_size", in: 5...1_000_000,
                expected: "an integer of at least 5 (smaller groups could identify people)") {
                config.minGroupSize = size
            } else { valid = false }
        }
        if let node = mapping["person_level"] {
            if let flag = reader.bool(node, at: "analyze.person_level") { config.personLevel = flag } else { valid = false }
        }
        if let node = mapping["noise"] {
            if let value = reader.value(node, at: "analyze.noise", expected: "a positive privacy budget epsilon such as 1.0") {
                if let epsilon = Double(value.text), epsilon > 0, epsilon.isFinite {
                    config.noise = epsilon
                } else {
                    reader.error("'analyze.noise' must be a positive privacy budget epsilon such as 1.0, not \(value)", at: node.position)
                    valid = false
                }
            } else { valid = false }
        }
        if let node = mapping["group_by"] {
            if let choice = reader.choice(node, at: "analyze.group_by", of: AnalysisGrouping.self) {
                config.groupBy = choice
            } else { valid = false }
        }
        if let node = mapping["format"] {
            if let choice = reader.choice(node, at: "analyze.format", of: LineFormat.Kind.self) { config.format = choice } else { valid = false }
        }
        return valid ? config : nil
    }
}
