import FerryCore

/// How `LineProjector` writes one planned column, decided once per run from the `ProjectionPlan`.
///
/// Plain values only, read once per column of every record: no reference counting on the hot path.
struct LineColumn {
    enum Source {
        /// The value of a top-level property, or of a path of keys below it (`start.dateTime`).
        case property
        /// A path through arrays below a top-level property, which only `JSONValue` paths follow.
        case path
        /// The user or group the record was read for.
        case user
        case tenant
        /// A path that names no top-level property: always null.
        case absent
    }

    /// The column types the fast path tells apart.
    enum Kind {
        case string, int, double, bool, timestamp, date, json, stringArray, otherArray

        init(_ type: ColumnType) {
            switch type {
            case .string: self = .string
            case .int: self = .int
            case .double: self = .double
            case .bool: self = .bool
            case .timestamp: self = .timestamp
            case .date: self = .date
            case .json: self = .json
            case .array(.string): self = .stringArray
            case .array: self = .otherArray
            }
        }
    }

    var source: Source
    /// The top-level property's position in the directory's first table, for `property` and `path`.
    var property: Int
    /// For a path of keys below the property: a key table per step, as positions in `steps`.
    var steps: Range<Int>
    var kind: Kind
    /// The whole-value mode, nil when the column is not personal data as a whole or is kept.
    var wholeMode: PseudonymMode?
    var wholeKind: PersonalDataKind
    /// The root of the column's nested rules, or -1 when it has none.
    var nestedRoot: Int
    var isDateColumn: Bool
    /// Whether the column is named like its top-level property and written as it comes, so that
    /// `,"name":value` can be copied from the record in one piece when the record has it so.
    var copiesMember: Bool
}
