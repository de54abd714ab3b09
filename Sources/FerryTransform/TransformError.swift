import FerryCore

/// A transform that cannot be set up as configured.
public struct TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    static func unknownColumn(_ column: String, dataset: String) -> TransformError {
        TransformError(description: "pseudonymization names column '\(column)', which dataset '\(dataset)' does not have")
    }

    static func overlappingPaths(_ path: JSONPath, column: String, dataset: String) -> TransformError {
        TransformError(
            description: "the personal paths of column '\(column)' in dataset '\(dataset)' overlap at '\(path)': "
                + "a path may not end where another ends or passes; mark either the whole value or the values inside it")
    }

    static func missingKey(dataset: String) -> TransformError {
        TransformError(
            description: "dataset '\(dataset)' has columns to hash but no pseudonymization key is configured; "
                + "set transform.pseudonymize.key")
    }
}

/// A record that cannot be projected onto its schema; it goes to quarantine with this reason.
public struct ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The column whose value did not fit, if one did not.
    public var column: String?
    public var reason: String

    public var description: String {
        column.map { "column '\($0)': \(reason)" } ?? reason
    }
}
