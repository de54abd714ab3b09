/// Which shard of a sharded run wrote a leaf: partitions of a sharded run are written as
/// `<key>=<value>/shard=<index>/`, one leaf per shard, so shards never replace each other's files.
public struct ShardLeaf: Codable, Sendable, Equatable {
    /// The Hive partition column of the leaf directories.
    public static let key = "shard"

    /// The shard's number, `0..<count`.
    public var index: Int
    /// How many shards the run was split into.
    public var count: Int
    /// True when the dataset is split by user (every shard writes its users' records); false for a
    /// tenant-wide dataset, which shard 0 writes alone.
    public var byUser: Bool

    public init(index: Int, count: Int, byUser: Bool) {
        self.index = index
        self.count = count
        self.byUser = byUser
    }

    enum CodingKeys: String, CodingKey {
        case index, count
        case byUser = "by_user"
    }

    /// The leaf directory's name, `shard=<index>`.
    public var directoryName: String { Self.directoryName(index) }

    public static func directoryName(_ index: Int) -> String { "\(key)=\(index)" }

    /// The shard number of a leaf directory name `shard=<n>`, or nil for any other name.
    public static func index(ofDirectory name: String) -> Int? {
        guard name.hasPrefix(key + "=") else { return nil }
        let digits = name.dropFirst(key.count + 1)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}
