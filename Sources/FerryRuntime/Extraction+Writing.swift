import FerryCore
import FerryGraph
import FerryTransform

/// How a fetched page becomes records in its dataset's sink: parsed items projected one by one, page
/// bytes projected straight to lines, or a delta page as change records.
extension Extraction {
    /// Writes a parsed page. With `identities` (every unit but a change feed's, where the same item
    /// may rightly come twice), a record whose id the unit already produced is left out and counted.
    func write(
        _ page: CollectionPage, plan: DatasetPlan, sink: DatasetSink, transformer: RecordTransformer, owner: String?,
        change: String? = nil, identities: inout RecordIdentities?
    ) async throws {
        var batch = EncodedBatch()
        batch.bytes.reserveCapacity(page.bytes)
        var items = page.items
        if identities != nil {
            let before = identities?.duplicates ?? 0
            items = items.filter { item in
                guard let id = item["id"]?.stringValue else { return true }
                return identities?.isNew(id) ?? true
            }
            batch.duplicates = (identities?.duplicates ?? 0) - before
        }
        if let change {
            encodeChanges(items, with: transformer, plan: plan, owner: owner, change: change, into: &batch)
        } else {
            encode(items, with: transformer, plan: plan, owner: owner, into: &batch)
        }
        try await deliver(batch, of: owner, pageBytes: page.bytes, next: page.nextURL, deltaLink: page.deltaLink, to: sink)
    }

    /// Writes a page projected straight from its bytes; a record that cannot be projected is
    /// quarantined with its id, which is read from the record alone.
    func write(
        _ page: RawCollectionPage, plan: DatasetPlan, sink: DatasetSink, projector: JSONLineProjector, owner: String?,
        identities: inout RecordIdentities
    ) async throws {
        var batch = EncodedBatch()
        batch.bytes.reserveCapacity(page.body.count / 2)
        let items = page.scan.items ?? []
        for index in items.indices {
            guard identities.isNew(item: index, of: page.scan, in: page.body) else {
                batch.duplicates += 1
                continue
            }
            do {
                let partition = try projector.appendLine(item: index, of: page.scan, in: page.body, user: owner, to: &batch.bytes)
                batch.endRecord(partition: partition ?? plan.snapshotPartition)
            } catch {
                let record = try? JSONParser.parse(Array(page.body[items[index]]))
                batch.quarantined.append(QuarantineEntry(recordId: record?["id"]?.stringValue, reason: error.description))
            }
        }
        try await deliver(batch, of: owner, pageBytes: page.body.count, next: page.nextURL, deltaLink: page.deltaLink, to: sink)
    }

    /// Hands one page's records to the sink with where its unit goes next, and counts the page. Every
    /// page is reported, even an empty one: it moves the unit on for a checkpoint.
    private func deliver(
        _ batch: EncodedBatch, of owner: String?, pageBytes: Int, next: String?, deltaLink: String?, to sink: DatasetSink
    ) async throws {
        try sink.append(batch, unit: owner ?? ResumePoint.tenantUnit, next: next, deltaLink: deltaLink)
        progress.update {
            $0.pages += 1
            $0.bytesFetched += pageBytes
            $0.records += batch.records.count
        }
    }

    /// Encodes a delta page as change records: `@removed` items as deletions (id, owner, tenant),
    /// the others projected, each with its `_change`, all in the run's partition.
    func encodeChanges(
        _ items: [JSONValue], with transformer: RecordTransformer, plan: DatasetPlan, owner: String?, change: String,
        into batch: inout EncodedBatch
    ) {
        let skipGuests = pipeline.scope.excludeGuests && plan.schema.isUserDirectory
        for item in items {
            let id = item["id"]?.stringValue
            if item["@removed"] != nil {
                guard let id else {
                    batch.quarantined.append(QuarantineEntry(recordId: nil, reason: "a deleted item without an id"))
                    continue
                }
                plan.encoder.encode(
                    plan.deletionValues(id: id, owner: owner, tenant: pipeline.source.tenant) + [.string("deleted")],
                    into: &batch.bytes)
                batch.endRecord(partition: plan.snapshotPartition)
                continue
            }
            if skipGuests, item["userType"]?.stringValue == "Guest" { continue }
            do {
                let record = try transformer.project(item, user: owner)
                plan.encoder.encode(record.values + [.string(change)], into: &batch.bytes)
                batch.endRecord(partition: plan.snapshotPartition)
            } catch {
                batch.quarantined.append(QuarantineEntry(recordId: id, reason: error.description))
            }
        }
    }

    func encode(
        _ items: [JSONValue], with transformer: RecordTransformer, plan: DatasetPlan, owner: String?,
        into batch: inout EncodedBatch
    ) {
        for item in items {
            do {
                let record = try transformer.project(item, user: owner)
                plan.encoder.encode(record.values, into: &batch.bytes)
                batch.endRecord(partition: record.partitionDate ?? plan.snapshotPartition)
            } catch {
                batch.quarantined.append(QuarantineEntry(recordId: item["id"]?.stringValue, reason: error.description))
            }
        }
    }
}
