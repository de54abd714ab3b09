import Synchronization

/// Request ids (`request-id`, `client-request-id`): GUID-shaped, unique per server, cheap to make.
///
/// A counter passed through a keyed mix gives distinct, unordered-looking ids without a system random
/// call or Foundation's `UUID` formatting on every request.
final class RequestIdentifiers: Sendable {
    private let counter = Atomic<UInt64>(0)
    private let key: UInt64

    init() {
        var generator = SystemRandomNumberGenerator()
        key = generator.next()
    }

    func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        return GUIDText.make(high: SplitMix64.mix(count ^ key), low: SplitMix64.mix(count &+ key))
    }
}
