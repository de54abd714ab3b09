/// A 1-based line and column in a YAML file.
struct SourcePosition: Sendable, Equatable, Comparable {
    var line: Int
    var column: Int

    /// Where file-level problems (unreadable file, no schemas directory) are reported.
    static let start = SourcePosition(line: 1, column: 1)

    static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
