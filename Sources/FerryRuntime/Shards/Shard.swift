import Crypto

/// One of N disjoint parts of the users in scope, so that N processes (pods of a Kubernetes Indexed
/// Job) export one tenant together without a coordinator.
///
/// A user belongs to shard `K` of `N` when the first 8 bytes of SHA-256 of its id (lower-cased, as
/// UTF-8), read big-endian, are `K` modulo `N`. SHA-256 rather than Swift's `Hasher`, which is seeded
/// per process: the split must be the same in every process, on every machine and in every release.
/// Tenant-wide datasets (users, groups, group members) are exported by shard 0 alone.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This shard's number, `0..<count`.
    public let index: Int
    /// How many shards the users are split into.
    public let count: Int

    /// The most shards a run may be split into: far more pods than Graph's per-app limits would serve.
    public static let maximumCount = 1024

    /// Shard `index` of `count`; throws when `index` is not in `0..<count` or `count` is out of range.
    public init(index: Int, count: Int) throws {
        guard (1...Self.maximumCount).contains(count) else {
            throw ShardError("the shard count \(count) is out of range; use 1 to \(Self.maximumCount)")
        }
        guard (0..<count).contains(index) else {
            throw ShardError("shard \(index) does not exist among \(count) shards; use a number from 0 to \(count - 1)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, as `--shard` and `FERRY_SHARD` take it.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError("'\(text)' is not a shard; write it K/N, for example 0/4 (shard 0 of 4)")
        }
        try self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard exports the tenant-wide datasets (users, groups, group members): shard 0.
    public var ownsTenantDatasets: Bool { index == 0 }

    /// The shard user `id` belongs to among `count` shards.
    public static func index(of id: String, among count: Int) -> Int {
        let digest = SHA256.hash(data: Array(id.lowercased().utf8))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % UInt64(count))
    }

    /// Whether user `id` belongs to this shard.
    public func contains(_ id: String) -> Bool {
        count == 1 || Self.index(of: id, among: count) == index
    }
}

/// A shard that cannot be: its text, number or count is wrong.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
