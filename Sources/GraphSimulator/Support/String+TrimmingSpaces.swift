extension String {
    /// The string without leading and trailing spaces (only the ASCII space, as in query values).
    var trimmingSpaces: String {
        // Most values (each name of every page's `$select`) have no space at either end: then the string is
        // its own result. A Character is the space only if it is the one byte 0x20, so the bytes decide.
        guard utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ") else { return self }
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[first...last])
    }
}
