import Foundation

/// When a job fires: a cron expression in a time zone, or a fixed interval.
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    /// A cron expression evaluated on the wall clock of a time zone.
    case cron(CronExpression, TimeZone)
    /// Every so often, at whole multiples of the interval since 1970-01-01T00:00:00Z: `@every 1h`
    /// fires on the hour, `@every 30s` at :00 and :30, whenever the scheduler started.
    case every(Duration)

    /// Parses `@every 30s`/`5m`/`1h`/`1h30m`, a macro such as `@daily`, or 5 cron fields.
    ///
    /// - Throws: `ScheduleError` saying what is wrong.
    public init(parsing text: String, timeZone: TimeZone = .gmt) throws {
        let trimmed = text.trimmingWhitespace()
        if trimmed.lowercased().hasPrefix("@every") {
            self = .every(try Schedule.interval(String(trimmed.dropFirst("@every".count)), expression: text))
        } else {
            self = .cron(try CronExpression(parsing: text), timeZone)
        }
    }

    /// Parses like `init(parsing:timeZone:)`, with the time zone as an IANA name such as `Europe/Berlin`.
    public init(parsing text: String, timeZoneIdentifier: String) throws {
        guard let timeZone = TimeZone(identifier: timeZoneIdentifier) else {
            throw ScheduleError(
                expression: text,
                message: "unknown time zone '\(timeZoneIdentifier)'; use an IANA name such as UTC or Europe/Berlin")
        }
        try self.init(parsing: text, timeZone: timeZone)
    }

    /// The first instant strictly after `date` at which the schedule fires; nil if never again.
    public func nextFire(after date: Date) -> Date? {
        switch self {
        case .cron(let expression, let timeZone):
            return expression.nextFire(after: date, in: timeZone)
        case .every(let interval):
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            guard seconds > 0, date.timeIntervalSince1970.isFinite else { return nil }
            let periods = (date.timeIntervalSince1970 / seconds).rounded(.down) + 1
            return Date(timeIntervalSince1970: periods * seconds)
        }
    }

    public var description: String {
        switch self {
        case .cron(let expression, let timeZone): "\(expression) (\(timeZone.identifier))"
        case .every(let interval): "@every \(Schedule.text(interval))"
        }
    }

    /// `1h30m` from 5400 seconds.
    static func text(_ interval: Duration) -> String {
        let total = interval.components.seconds
        var text = ""
        if total >= 3600 { text += "\(total / 3600)h" }
        if total % 3600 >= 60 { text += "\(total % 3600 / 60)m" }
        if total % 60 != 0 || total == 0 { text += "\(total % 60)s" }
        return text
    }

    /// Parses ` 1h30m` (after `@every`): whole numbers with units h, m and s, largest first.
    private static func interval(_ text: String, expression: String) throws -> Duration {
        let body = text.trimmingWhitespace()
        let error = ScheduleError(
            expression: expression,
            message: "@every needs a positive duration such as 30s, 5m, 1h or 1h30m, not '\(body)'")
        guard !body.isEmpty, text.first == " " || text.first == "\t" else { throw error }
        var total: Int64 = 0
        var number: Int64? = nil
        var lastUnit = Int64.max
        for character in body {
            if let digit = character.wholeNumberValue, character.isASCII {
                let current = number ?? 0
                guard current < 1_000_000_000 else { throw error }
                number = current * 10 + Int64(digit)
                continue
            }
            let unit: Int64
            switch character {
            case "h", "H": unit = 3600
            case "m", "M": unit = 60
            case "s", "S": unit = 1
            default: throw error
            }
            guard let value = number, unit < lastUnit else { throw error }
            total += value * unit
            lastUnit = unit
            number = nil
        }
        guard number == nil, total > 0 else { throw error }
        return .seconds(total)
    }
}
