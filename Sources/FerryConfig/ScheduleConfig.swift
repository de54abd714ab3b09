import Foundation

/// When a pipeline runs under `ferry schedule` (the pipeline's `schedule:`).
public struct ScheduleConfig: Sendable {
    /// Five cron fields: minute, hour, day of month, month, day of week.
    public var cron: String
    /// The IANA time zone the cron fields are read in.
    public var timezone: String

    public init(cron: String, timezone: String = "UTC") {
        self.cron = cron
        self.timezone = timezone
    }

    /// Reads `schedule:`. The cron expression is checked for shape only; the scheduler parses it fully.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> ScheduleConfig? {
        guard let mapping = reader.mapping(node, at: "schedule", keys: ["cron", "timezone"], required: ["cron"])
        else { return nil }
        let before = reader.diagnostics.count
        var cron: String?
        if let node = mapping["cron"], let text = reader.string(node, at: "schedule.cron") {
            if isCronShaped(text) {
                cron = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            } else {
                reader.error(
                    "'schedule.cron' must have 5 fields (minute hour day-of-month month day-of-week), "
                        + "like \"0 2 * * *\", not '\(text)'",
                    at: node.position)
            }
        }
        var timezone = "UTC"
        if let node = mapping["timezone"], let text = reader.string(node, at: "schedule.timezone") {
            if TimeZone(identifier: text) != nil {
                timezone = text
            } else {
                reader.error(
                    "'schedule.timezone' must be an IANA time zone such as UTC or Europe/Berlin, not '\(text)'",
                    at: node.position)
            }
        }
        guard reader.diagnostics.count == before, let cron else { return nil }
        return ScheduleConfig(cron: cron, timezone: timezone)
    }

    /// Five whitespace-separated fields of digits, names (MON, JAN) and `* , - /`.
    static func isCronShaped(_ text: String) -> Bool {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 5 else { return false }
        return fields.allSatisfy { field in
            field.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "*,-/".contains($0)) }
        }
    }
}
