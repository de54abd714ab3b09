/// The partitions a run is the whole truth for: after it commits, each of them holds exactly the
/// run's records, and one the run has no record for is not there at all.
///
/// Dated datasets cover the days of their window (a range of partition values, so that a window of a
/// hundred years costs what its data costs, not one directory per day); snapshot datasets the day of
/// their snapshot. Values compare as strings, which orders `YYYY-MM-DD` dates correctly.
public enum PartitionCoverage: Sendable, Equatable {
    /// Exactly these partition values.
    case values([String])
    /// Every partition value `v` with `from <= v < to`.
    case range(from: String, to: String)

    /// Whether the run covers the partition `value`.
    public func contains(_ value: String) -> Bool {
        switch self {
        case .values(let values): values.contains(value)
        case .range(let from, let to): from <= value && value < to
        }
    }
}

extension PartitionCoverage: Codable {
    private enum CodingKeys: String, CodingKey { case values, from, to }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let values = try container.decodeIfPresent([String].self, forKey: .values) {
            self = .values(values)
        } else {
            self = .range(from: try container.decode(String.self, forKey: .from), to: try container.decode(String.self, forKey: .to))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .values(let values): try container.encode(values, forKey: .values)
        case .range(let from, let to):
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        }
    }
}
