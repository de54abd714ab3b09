import FerrySchedule
import Foundation

/// When a pipeline runs under `ferry schedule` (the pipeline's `schedule:`).
///
/// The expression is parsed once, when the pipeline is read: the scheduler gets the typed `schedule`.
public struct ScheduleConfig: Sendable, Equatable {
    /// When the pipeline fires: the expression read in its time zone.
    public var schedule: Schedule
    /// The expression as written, whitespace normalized: five cron fields (minute, hour, day of month,
    /// month, day of week), a macro such as `@daily`, or an interval such as `@every 30s`. For listings.
    public var cron: String
    /// The IANA time zone the cron fields are read in.
    public var timezone: String
    /// Whether a run missed while the scheduler was down is made up once (`one`) or skipped (`none`).
    public var catchUp: CatchUp

    /// Parses `cron` in `timezone`.
    /// - Throws: `ScheduleError` saying what is wrong with the expression or the time zone.
    public init(cron: String, timezone: String = "UTC", catchUp: CatchUp = .one) throws {
        try self.init(
            schedule: Schedule(parsing: cron, timeZoneIdentifier: timezone), cron: cron, timezone: timezone,
            catchUp: catchUp)
    }

    init(schedule: Schedule, cron: String, timezone: String, catchUp: CatchUp) {
        self.schedule = schedule
        self.cron = cron
        self.timezone = timezone
        self.catchUp = catchUp
    }

    /// Reads `schedule:`, parsing the expression the way the scheduler will.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> ScheduleConfig? {
        guard
            let mapping = reader.mapping(
                node, at: "schedule", keys: ["cron", "timezone", "catch_up"], required: ["cron"])
        else { return nil }
        let before = reader.diagnostics.count
        var cron: (text: String, schedule: Schedule)?
        if let node = mapping["cron"], let value = reader.stringValue(node, at: "schedule.cron") {
            let normalized = value.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            do {
                // The time zone does not change whether an expression parses; it is checked on its own below.
                cron = (normalized, try Schedule(parsing: normalized))
            } catch {
                // The parser's words quote the expression's fields, so they are left out for a value from the environment.
                let why = value.isFromEnvironment ? "\(value) is not a schedule" : "is not a schedule: "
                    + ((error as? ScheduleError)?.message ?? "\(error)")
                reader.error(
                    "'schedule.cron' \(why); write 5 cron fields like \"0 2 * * *\", "
                        + "a macro like @daily, or an interval like @every 30s",
                    at: node.position)
            }
        }
        var timezone = (name: "UTC", zone: TimeZone(identifier: "UTC") ?? .gmt)
        if let node = mapping["timezone"], let text = reader.string(node, at: "schedule.timezone") {
            if let zone = TimeZone(identifier: text) {
                timezone = (text, zone)
            } else {
                reader.error(
                    "'schedule.timezone' must be an IANA time zone such as UTC or Europe/Berlin, "
                        + "not \(reader.quoted(text, of: node))",
                    at: node.position)
            }
        }
        var catchUp = CatchUp.one
        if let node = mapping["catch_up"], let text = reader.string(node, at: "schedule.catch_up") {
            if let value = CatchUp(rawValue: text) {
                catchUp = value
            } else {
                reader.error(
                    "'schedule.catch_up' must be one of one, none, not \(reader.quoted(text, of: node))", at: node.position)
            }
        }
        guard reader.diagnostics.count == before, let cron else { return nil }
        var schedule = cron.schedule
        if case .cron(let expression, _) = schedule { schedule = .cron(expression, timezone.zone) }
        return ScheduleConfig(schedule: schedule, cron: cron.text, timezone: timezone.name, catchUp: catchUp)
    }
}
