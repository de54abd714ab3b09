import Synchronization

/// The `$select` lists parsed lately, by text: a client sends the same list with every page, and parsing
/// it (split, trim, lower-case and look up every name) costs as much as writing a few of the page's items.
///
/// Only lists that parse are kept; the cache is emptied when full, so it stays small whatever clients send.
final class SelectionCache: Sendable {
    static let shared = SelectionCache()
    static let capacity = 256

    struct Key: Hashable {
        /// The property type (`MessageProperty`, `UserProperty`, ...).
        let type: ObjectIdentifier
        /// The properties always included.
        let required: UInt64
        let text: String
    }

    private let entries = Mutex<[Key: UInt64]>([:])

    /// The bits of the selection `key` names: from the cache, or from `parse`, whose answer is then kept.
    func bits(for key: Key, parse: () throws(GraphError) -> UInt64) throws(GraphError) -> UInt64 {
        if let bits = entries.withLock({ $0[key] }) { return bits }
        let bits = try parse()
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = bits
        }
        return bits
    }
}
