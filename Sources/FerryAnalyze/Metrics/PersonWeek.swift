/// One person's metrics for one week (weeks start on Monday 00:00 UTC).
public struct PersonWeek: Sendable {
    /// The person's index in `CollaborationData.people`.
    public var person: Int
    /// The Monday the week starts on, as days since 1970-01-01.
    public var week: Int
    /// One value per `PersonMetric`, in its order.
    public var values: [Double]

    public init(person: Int, week: Int) {
        self.person = person
        self.week = week
        values = Array(repeating: 0, count: PersonMetric.allCases.count)
    }

    public subscript(metric: PersonMetric) -> Double {
        get { values[metric.position] }
        set { values[metric.position] = newValue }
    }

    /// Whether the person did anything that week: sent, received or met.
    public var isActive: Bool {
        self[.emailsSent] > 0 || self[.emailsReceived] > 0 || self[.meetings] > 0
    }
}
