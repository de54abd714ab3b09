/// A literal on the right of a comparison.
enum FilterLiteral: Sendable, Equatable {
    case string(String)
    /// Seconds since 1970, fraction included.
    case dateTime(Double)
    case bool(Bool)
    case number(Double)
    case null
}

/// An item's value of a property, as `$filter` sees it; nil inside means JSON null.
enum FilterValue: Sendable {
    case string(String?)
    /// Whole seconds since 1970.
    case dateTime(Int64?)
    case bool(Bool?)
    case number(Double?)

    var isNull: Bool {
        switch self {
        case .string(let value): value == nil
        case .dateTime(let value): value == nil
        case .bool(let value): value == nil
        case .number(let value): value == nil
        }
    }
}

/// The type of a filterable property, which decides the literals it may be compared with.
enum FilterType: Sendable {
    case string, dateTime, bool, number
}
