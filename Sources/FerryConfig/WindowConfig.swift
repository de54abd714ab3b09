import FerryCore
import Foundation

/// The date window records are filtered on (the pipeline's `window:`), like Data Connect's date filter.
///
/// Read and checked once, when the pipeline is loaded: the days are typed values, so resolving a window
/// never parses text again and has nothing to fall back on.
public struct WindowConfig: Sendable, Equatable {
    /// Which whole UTC days the window covers.
    public enum Days: Sendable, Equatable {
        /// `last: 7d`: that many whole UTC days before today.
        case last(Int)
        /// `start` and `end`: from the midnight (UTC) starting `start` to the one starting `end`, exclusive.
        case fixed(start: UTCTimestamp, end: UTCTimestamp)
    }

    /// The column to filter on instead of each dataset's own date column.
    public var column: String?
    public var days: Days

    public init(column: String? = nil, days: Days) {
        self.column = column
        self.days = days
    }

    /// `last: Nd`.
    public init(column: String? = nil, lastDays: Int) {
        self.init(column: column, days: .last(lastDays))
    }

    /// `start` and `end`, each the midnight (UTC) starting its day.
    public init(column: String? = nil, start: UTCTimestamp, end: UTCTimestamp) {
        self.init(column: column, days: .fixed(start: start, end: end))
    }

    /// `N` for `last: Nd`; nil for a window of fixed dates.
    public var lastDays: Int? {
        if case .last(let days) = days { return days }
        return nil
    }

    /// The window as whole UTC days [start, end): `last: Nd` ends at the start of `now`'s UTC day.
    public func resolve(now: Date) -> (start: Date, end: Date) {
        switch days {
        case .last(let count):
            let today = UTCTimestamp(now).startOfDay
            return (today.adding(days: -count).date, today.date)
        case .fixed(let start, let end):
            return (start.date, end.date)
        }
    }

    /// Midnight UTC of a `YYYY-MM-DD` day that exists in the calendar; `nil` for anything else.
    static func date(from text: String) -> UTCTimestamp? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return UTCTimestamp(year: year, month: month, day: day)
    }

    static let keys = ["column", "last", "start", "end"]

    /// Reads `window:`: `last: Nd`, or `start` and `end` dates.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> WindowConfig? {
        guard let mapping = reader.mapping(node, at: "window", keys: keys) else { return nil }
        var column: String?
        var lastDays: Int?
        var valid = true
        if let node = mapping["column"] {
            column = reader.string(node, at: "window.column")
            valid = valid && column != nil
        }
        if let node = mapping["last"] {
            lastDays = readDays(node, reader: &reader)
            valid = valid && lastDays != nil
        }
        var dates: [String: (value: ConfigValue, day: UTCTimestamp)] = [:]
        for key in ["start", "end"] {
            guard let node = mapping[key] else { continue }
            let expected = "a date like 2026-01-31 (YYYY-MM-DD)"
            guard let value = reader.value(node, at: "window.\(key)", expected: expected) else {
                valid = false
                continue
            }
            guard let day = date(from: value.text) else {
                reader.error("'window.\(key)' must be \(expected), not \(value)", at: node.position)
                valid = false
                continue
            }
            dates[key] = (value, day)
        }
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
        if let start = dates["start"], let end = dates["end"], start.day >= end.day, let node = mapping["end"] {
            reader.error(
                "'window.end' (\(end.value)) must be after 'window.start' (\(start.value)); the end day is exclusive",
                at: node.position)
            valid = false
        }
        guard valid else { return nil }
        if let lastDays { return WindowConfig(column: column, lastDays: lastDays) }
        guard let start = dates["start"]?.day, let end = dates["end"]?.day else { return nil }
        return WindowConfig(column: column, start: start, end: end)
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
