/// A parsed OData `$filter`: comparisons and `startswith`, joined with `and` and `or`.
///
/// Items are not asked for a typed model: `matches` looks properties up by lower-cased path through a
/// closure, so one evaluator serves users, groups, messages and every other collection.
indirect enum ODataFilter: Sendable, Equatable {
    case compare(property: String, FilterOperator, FilterLiteral)
    case startsWith(property: String, prefix: String)
    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)

    /// Whether an item passes; `value` gives the item's value of a lower-cased property path.
    func matches(_ value: (String) -> FilterValue) -> Bool {
        switch self {
        case .and(let left, let right): return left.matches(value) && right.matches(value)
        case .or(let left, let right): return left.matches(value) || right.matches(value)
        case .startsWith(let property, let prefix):
            guard case .string(let text?) = value(property) else { return false }
            return text.lowercased().hasPrefix(prefix.lowercased())
        case .compare(let property, let comparison, let literal):
            return comparison.holds(value(property), literal)
        }
    }

    /// The window a top-level chain of `and` sets on a timestamp property, and whether the filter is
    /// nothing but that window (so matching items need not be tested one by one).
    ///
    /// `lower` is the first matching second, `upper` the first second after the window.
    func window(on property: String) -> FilterWindow {
        switch self {
        case .and(let left, let right):
            let first = left.window(on: property)
            let second = right.window(on: property)
            let lower = [first.lower, second.lower].compactMap { $0 }.max()
            let upper = [first.upper, second.upper].compactMap { $0 }.min()
            return FilterWindow(lower: lower, upper: upper, isWholeFilter: first.isWholeFilter && second.isWholeFilter)
        case .compare(property, let comparison, .dateTime(let seconds)):
            switch comparison {
            case .ge: return FilterWindow(lower: Int64(seconds.rounded(.up)))
            case .gt: return FilterWindow(lower: Int64(seconds.rounded(.down)) + 1)
            case .lt: return FilterWindow(upper: Int64(seconds.rounded(.up)))
            case .le: return FilterWindow(upper: Int64(seconds.rounded(.down)) + 1)
            case .eq: return FilterWindow(lower: Int64(seconds.rounded(.up)), upper: Int64(seconds.rounded(.down)) + 1)
            case .ne: return FilterWindow(isWholeFilter: false)
            }
        default:
            return FilterWindow(isWholeFilter: false)
        }
    }
}

/// The bounds a filter sets on one timestamp property.
struct FilterWindow: Sendable, Equatable {
    /// The first matching second; nil leaves the window open at the start.
    var lower: Int64?
    /// The first second after the window; nil leaves it open at the end.
    var upper: Int64?
    /// True when the filter says nothing but this window.
    var isWholeFilter = true
}

/// A comparison operator of `$filter`.
enum FilterOperator: String, Sendable, Equatable, CaseIterable {
    case eq, ne, gt, ge, lt, le

    func holds(_ value: FilterValue, _ literal: FilterLiteral) -> Bool {
        switch (value, literal) {
        case (.string(let text), .string(let expected)):
            return compare(text?.lowercased(), expected.lowercased())
        case (.dateTime(let seconds), .dateTime(let expected)):
            return compare(seconds.map(Double.init), expected)
        case (.number(let number), .number(let expected)):
            return compare(number, expected)
        case (.bool(let flag), .bool(let expected)):
            guard self == .eq || self == .ne else { return false }
            return (flag == expected) == (self == .eq)
        case (_, .null):
            guard self == .eq || self == .ne else { return false }
            return value.isNull == (self == .eq)
        default:
            return false
        }
    }

    private func compare<T: Comparable>(_ value: T?, _ expected: T) -> Bool {
        guard let value else { return self == .ne }
        switch self {
        case .eq: return value == expected
        case .ne: return value != expected
        case .gt: return value > expected
        case .ge: return value >= expected
        case .lt: return value < expected
        case .le: return value <= expected
        }
    }
}

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
