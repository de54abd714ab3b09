extension String {
    /// The string without leading and trailing spaces (only the ASCII space, as in query values).
    var trimmingSpaces: String {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
