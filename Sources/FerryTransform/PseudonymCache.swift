import FerryCore

/// Remembers recent pseudonyms, since the same addresses and names recur in nearly every message.
///
/// One cache per worker, so no locking: a tenant's few thousand recurring addresses cost one HMAC
/// each instead of one per occurrence. Bounded: when full it starts over.
final class PseudonymCache {
    private struct Key: Hashable {
        var value: String
        var kind: PersonalDataKind
        var keepDomain: Bool
    }

    private let pseudonymizer: Pseudonymizer
    private let capacity: Int
    private var entries: [Key: String] = [:]

    init(pseudonymizer: Pseudonymizer, capacity: Int = 65_536) {
        self.pseudonymizer = pseudonymizer
        self.capacity = capacity
    }

    func pseudonym(of value: String, kind: PersonalDataKind, keepDomain: Bool) -> String {
        let key = Key(value: value, kind: kind, keepDomain: keepDomain)
        if let known = entries[key] { return known }
        let made = Self.pseudonym(of: value, kind: kind, keepDomain: keepDomain, using: pseudonymizer)
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = made
        return made
    }

    /// What every cache stores: the pseudonym `keepDomain` asks for, which only an e-mail address can keep
    /// its domain in.
    static func pseudonym(
        of value: String, kind: PersonalDataKind, keepDomain: Bool, using pseudonymizer: Pseudonymizer
    ) -> String {
        keepDomain && kind == .email
            ? pseudonymizer.pseudonymKeepingDomain(of: value) : pseudonymizer.pseudonym(of: value, kind: kind)
    }
}
