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
