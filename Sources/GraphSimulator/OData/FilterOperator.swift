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
