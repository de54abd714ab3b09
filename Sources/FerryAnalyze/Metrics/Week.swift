import FerryCore

/// Weeks as the analysis counts them: Monday 00:00 UTC to the next Monday.
public enum Week {
    /// The Monday of the week of `instant`, as days since 1970-01-01.
    public static func start(of instant: UTCTimestamp) -> Int {
        start(ofDay: Int(instant.dayNumber))
    }

    /// The Monday of the week of `day` (days since 1970-01-01).
    public static func start(ofDay day: Int) -> Int {
        // CivilCalendar counts weekdays from Sunday (0); Monday is 1.
        day - (CivilCalendar.weekday(days: Int64(day)) + 6) % 7
    }

    /// `YYYY-MM-DD` of a day number.
    public static func text(_ day: Int) -> String {
        UTCTimestamp(millisecondsSinceEpoch: Int64(day) * 86_400_000).dateText
    }
}
