import FerryCore

extension CronExpression {
    /// The macros and the fields they stand for.
    static let macros: [(name: String, fields: String)] = [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@weekly", "0 0 * * 0"), ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"),
    ]

    /// Parses 5 fields or a macro.
    ///
    /// - Throws: `ScheduleError` naming the field that is wrong and why.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        var fieldsText = trimmed
        if trimmed.hasPrefix("@") {
            let lowered = trimmed.lowercased()
            if lowered.hasPrefix("@every") {
                throw ScheduleError(
                    expression: text,
                    message: "'@every' is an interval, not a cron expression; parse it as a Schedule")
            }
            guard let macro = CronExpression.macros.first(where: { $0.name == lowered }) else {
                let names = CronExpression.macros.map(\.name).joined(separator: ", ")
                throw ScheduleError(expression: text, message: "unknown macro '\(trimmed)'; use one of \(names)")
            }
            fieldsText = macro.fields
        }
        let fields = fieldsText.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            let found = fields.isEmpty ? "nothing" : "\(fields.count) field\(fields.count == 1 ? "" : "s")"
            throw ScheduleError(
                expression: text,
                message: "expected 5 fields (minute hour day-of-month month day-of-week), found \(found)")
        }
        let parse = { (index: Int) throws -> UInt64 in
            try CronField.all[index].parse(fields[index], expression: text)
        }
        let minutes = try parse(0)
        let hours = try parse(1)
        let daysOfMonth = try parse(2)
        let months = try parse(3)
        var daysOfWeek = try parse(4)
        if daysOfWeek & (1 << 7) != 0 { daysOfWeek = (daysOfWeek | 1) & 0x7F }  // 7 is Sunday too

        self.text = trimmed
        self.minutes = minutes
        self.hours = UInt32(truncatingIfNeeded: hours)
        self.daysOfMonth = UInt32(truncatingIfNeeded: daysOfMonth)
        self.months = UInt16(truncatingIfNeeded: months)
        self.daysOfWeek = UInt8(truncatingIfNeeded: daysOfWeek)
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        hourIsWildcard = fields[1].hasPrefix("*")

        // With day-of-week unrestricted, a day of month that no chosen month has would never fire.
        if !(dayOfMonthRestricted && dayOfWeekRestricted) {
            let possible = (1...12).contains { month in
                self.months & (1 << month) != 0
                    && (1...CivilCalendar.daysIn(month: month, year: 2000)).contains { self.daysOfMonth & (1 << $0) != 0 }
            }
            if !possible {
                throw ScheduleError(
                    expression: text,
                    message: "day-of-month field '\(fields[2])' never occurs in month field '\(fields[3])', "
                        + "so the schedule would never fire")
            }
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
