import Foundation

/// One slot per task of a parallel loop, filled from any thread and read in order afterwards.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// One slot's result (it must have been set), leaving the slot empty so that its value is freed.
    func take(_ index: Int) -> Result<Value, any Error> {
        lock.lock()
        defer { lock.unlock() }
        let result = slots[index]!
        slots[index] = nil
        return result
    }

    /// Every slot's result, in order (all must have been set).
    func take() -> [Result<Value, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
