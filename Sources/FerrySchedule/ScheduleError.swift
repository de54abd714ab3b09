/// A schedule that cannot be parsed, with the offending part and what would be right.
public struct ScheduleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The schedule text as written.
    public var expression: String
    /// What is wrong, naming the field: "minute field '61' is out of range 0-59".
    public var message: String

    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }

    public var description: String { "invalid schedule '\(expression)': \(message)" }
}
