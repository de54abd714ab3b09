import FerryConfig
import FerryCore
import FerryLoad

extension Shard {
    /// Whether this shard exports `schema`'s dataset: every shard its users' part of a per-user
    /// dataset, shard 0 alone the tenant-wide and per-group ones.
    func exports(_ schema: DatasetSchema) -> Bool {
        schema.collection.fanout == .perUser || ownsTenantDatasets
    }

    /// The leaf this shard writes in each partition of `schema`'s dataset.
    func leaf(for schema: DatasetSchema) -> ShardLeaf {
        ShardLeaf(index: index, count: count, byUser: schema.collection.fanout == .perUser)
    }
}
