import Foundation

/// The date window records are filtered on (the pipeline's `window:`), like Data Connect's date filter.
public struct WindowConfig: Sendable, Equatable {
    /// The column to filter on instead of each dataset's own date column.
    public var column: String?
    /// `last: 7d`: the whole UTC days before today.
    public var lastDays: Int?
    /// The first day, `YYYY-MM-DD`, inclusive.
    public var start: String?
    /// The day after the last, `YYYY-MM-DD`, exclusive.
    public var end: String?

    public init(column: String? = nil, lastDays: Int? = nil, start: String? = nil, end: String? = nil) {
        self.column = column
        self.lastDays = lastDays
        self.start = start
        self.end = end
    }

    /// The window as whole UTC days [start, end): `last: Nd` ends at the start of `now`'s UTC day.
    ///
    /// A window with neither `last` nor dates (only possible when built in code) is the day before
    /// `now`'s day; a missing `start` is the day before `end`, and a missing `end` is the start of today.
    public func resolve(now: Date) -> (start: Date, end: Date) {
        let today = Self.calendar.startOfDay(for: now)
        let day: TimeInterval = 86_400
        if let lastDays {
            return (today.addingTimeInterval(-Double(lastDays) * day), today)
        }
        let end = end.flatMap(Self.date(from:)) ?? today
        let start = start.flatMap(Self.date(from:)) ?? end.addingTimeInterval(-day)
        return (start, end)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// Midnight UTC of a `YYYY-MM-DD` day that exists in the calendar; `nil` for anything else.
    static func date(from text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return nil }
        // Foundation rolls 2026-02-30 over into March; a date that does not round-trip does not exist.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    static let keys = ["column", "last", "start", "end"]

    /// Reads `window:`: `last: Nd`, or `start` and `end` dates.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> WindowConfig? {
        guard let mapping = reader.mapping(node, at: "window", keys: keys) else { return nil }
        var window = WindowConfig()
        var valid = true
        if let node = mapping["column"] {
            window.column = reader.string(node, at: "window.column")
            valid = valid && window.column != nil
        }
        if let node = mapping["last"] {
            window.lastDays = readDays(node, reader: &reader)
            valid = valid && window.lastDays != nil
        }
        var dates: [String: ConfigValue] = [:]
        for key in ["start", "end"] {
            guard let node = mapping[key] else { continue }
            let expected = "a date like 2026-01-31 (YYYY-MM-DD)"
            guard let value = reader.value(node, at: "window.\(key)", expected: expected) else {
                valid = false
                continue
            }
            guard date(from: value.text) != nil else {
                reader.error("'window.\(key)' must be \(expected), not \(value)", at: node.position)
                valid = false
                continue
            }
            dates[key] = value
        }
        window.start = dates["start"]?.text
        window.end = dates["end"]?.text
        let hasDates = mapping["start"] != nil || mapping["end"] != nil
        if let last = mapping.entries.first(where: { $0.key == "last" }), hasDates {
            reader.error(
                "'window.last' and 'window.start'/'window.end' exclude each other; keep one", at: last.keyPosition)
            return nil
        }
        if mapping["last"] == nil {
            if !hasDates {
                reader.error(
                    "'window' needs either 'last' (whole days, like 7d) or 'start' and 'end' dates", at: mapping.position)
                return nil
            }
            for key in ["start", "end"] where mapping[key] == nil {
                reader.error(
                    "missing required key 'window.\(key)' ('start' and 'end' go together; 'end' is exclusive)",
                    at: mapping.position)
                valid = false
            }
        }
        if let start = dates["start"], let end = dates["end"], let first = date(from: start.text),
            let last = date(from: end.text), first >= last, let node = mapping["end"]
        {
            reader.error(
                "'window.end' (\(end)) must be after 'window.start' (\(start)); the end day is exclusive",
                at: node.position)
            valid = false
        }
        return valid ? window : nil
    }

    private static func readDays(_ node: YAMLNode, reader: inout ConfigReader) -> Int? {
        let expected = "a whole number of days like 7d"
        guard let value = reader.value(node, at: "window.last", expected: expected) else { return nil }
        let text = value.text
        guard text.hasSuffix("d"), let days = Int(text.dropLast()), days > 0, text.first?.isNumber == true else {
            reader.error("'window.last' must be \(expected), not \(value)", at: node.position)
            return nil
        }
        return days
    }
}
