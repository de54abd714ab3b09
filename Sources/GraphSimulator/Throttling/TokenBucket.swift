/// The directory's resource-unit bucket: `capacity` units, refilled continuously at `capacity` per `window`.
struct TokenBucket: Sendable {
    let capacity: Double
    let window: Double
    private var units: Double
    private var updated: Double

    init(capacity: Int, window: Double, now: Double) {
        self.capacity = Double(capacity)
        self.window = window
        units = Double(capacity)
        updated = now
    }

    /// Takes `cost` units if they are there; otherwise returns the seconds until they will be.
    mutating func take(_ cost: Int, at now: Double) -> Double? {
        units = min(capacity, units + max(0, now - updated) * capacity / window)
        updated = max(updated, now)
        let needed = min(Double(cost), capacity)
        guard units < needed else {
            units -= needed
            return nil
        }
        return (needed - units) * window / capacity
    }
}
