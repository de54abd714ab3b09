import FerryCore

/// An HTTP-date (RFC 9110 §5.6.7) read through the one calendar (`CivilCalendar`): the IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`) forms a recipient must accept. The day name is not checked
/// against the date.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The instant `text` names, or nil when it is none of the three forms. `now` places RFC 850's
    /// two-digit year: a year more than 50 years ahead is the most recent past one with those digits.
    static func parse(_ text: String, now: UTCTimestamp) -> UTCTimestamp? {
        let words = text.split(separator: " ")
        switch words.count {
        case 6 where words[0].hasSuffix(",") && shortDays.contains(String(words[0].dropLast())) && words[5] == "GMT":
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            guard digits(words[1], 2), digits(words[3], 4), let day = Int(words[1]), let year = Int(words[3]) else { return nil }
            return instant(year: year, month: words[2], day: day, time: words[4])
        case 4 where words[0].hasSuffix(",") && longDays.contains(String(words[0].dropLast())) && words[3] == "GMT":
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let date = words[1].split(separator: "-", omittingEmptySubsequences: false)
            guard date.count == 3, digits(date[0], 2), digits(date[2], 2), let day = Int(date[0]), let twoDigits = Int(date[2])
            else { return nil }
            let thisYear = CivilCalendar.civil(days: now.dayNumber).year
            var year = thisYear - thisYear % 100 + twoDigits
            if year > thisYear + 50 { year -= 100 }
            return instant(year: year, month: date[1], day: day, time: words[2])
        case 5 where shortDays.contains(String(words[0])):
            // asctime: Sun Nov  6 08:49:37 1994 (the day padded with a space, which the split drops)
            guard digits(words[2], 1) || digits(words[2], 2), digits(words[4], 4), let day = Int(words[2]), let year = Int(words[4])
            else { return nil }
            return instant(year: year, month: words[1], day: day, time: words[3])
        default:
            return nil
        }
    }

    /// Whether `text` is `count` ASCII digits.
    private static func digits(_ text: Substring, _ count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `year-month-day` at `HH:MM:SS` UTC, when every part is in range.
    private static func instant(year: Int, month name: Substring, day: Int, time: Substring) -> UTCTimestamp? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard let month = months.firstIndex(of: String(name)).map({ $0 + 1 }), CivilCalendar.isValid(year: year, month: month, day: day),
            parts.count == 3, parts.allSatisfy({ digits($0, 2) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]),
            (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second)
        else { return nil }
        let seconds = CivilCalendar.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return UTCTimestamp(millisecondsSinceEpoch: seconds * 1000)
    }
}
