import FerryCore
import FerryGraph
import FerryTransform

/// How a fetched page becomes lines in its dataset's sink: every record goes from the page's bytes
/// through a `LineProjector` of the lane's, in the pipeline's format, a change feed's with its `_change`,
/// and the page's lines go to the lane's sink in one batch with where the unit goes next.
///
/// The one path from a page of bytes to written lines, for a run and for the transform benchmark.
package struct PageWriter: Sendable {
    /// `scope.exclude_guests`: a change feed of users leaves guests out as the listing does.
    let excludeGuests: Bool
    let progress: RunProgress

    package init(excludeGuests: Bool, progress: RunProgress) {
        self.excludeGuests = excludeGuests
        self.progress = progress
    }

    /// Writes a page of a collection. A record whose id the unit already produced is left out and
    /// counted; one that cannot be projected is quarantined with its id, read from the record alone.
    package func write(
        _ page: RawCollectionPage, lane: DatasetLane, projector: LineProjector, owner: String?,
        identities: inout RecordIdentities
    ) throws {
        var batch = EncodedBatch()
        batch.bytes.reserveCapacity(page.body.count / 2)
        // One pseudonym cache for the whole page: the pool is shared by every worker.
        projector.holdingPseudonyms {
            for index in (page.scan.items ?? []).indices {
                guard identities.isNew(item: index, of: page.scan, in: page.body) else {
                    batch.duplicates += 1
                    continue
                }
                project(item: index, of: page, lane: lane, projector: projector, owner: owner, into: &batch)
            }
        }
        try deliver(batch, of: owner, pageBytes: page.body.count, next: page.nextURL, deltaLink: page.deltaLink, to: lane.sink)
    }

    /// Writes a delta page as change records: `@removed` items as deletions (id, owner, tenant), the
    /// others projected, each with its `_change`, all in the run's partition. A change feed may rightly
    /// carry an item twice: nothing is left out as a duplicate.
    func writeChanges(
        _ page: RawCollectionPage, lane: DatasetLane, projector: LineProjector, owner: String?, change: String
    ) throws {
        guard page.nextURL != nil || page.deltaLink != nil else {
            // Without it the unit would keep its old link, and the next round would read these changes again.
            throw PagingError(
                url: lane.name,
                reason: "the last page of the delta query has neither '@odata.nextLink' nor '@odata.deltaLink', so the next "
                    + "round could not continue from it; nothing of the page was written")
        }
        var batch = EncodedBatch()
        batch.bytes.reserveCapacity(page.body.count / 2)
        let skipGuests = excludeGuests && lane.plan.schema.isUserDirectory
        let partition = lane.plan.snapshotPartition
        projector.holdingPseudonyms {
            for index in (page.scan.items ?? []).indices {
                if page.scan.member("@removed", ofItem: index, in: page.body) != nil {
                    guard let id = page.scan.string("id", ofItem: index, in: page.body) else {
                        batch.quarantined.append(QuarantineEntry(recordId: nil, reason: "a deleted item without an id"))
                        continue
                    }
                    projector.appendDeletion(id: id, user: owner, extras: [.string("deleted")], to: &batch.bytes)
                    batch.endRecord(partition: partition)
                    continue
                }
                if skipGuests, page.scan.string("userType", ofItem: index, in: page.body) == "Guest" { continue }
                do throws(ProjectionError) {
                    _ = try projector.appendLine(
                        item: index, of: page.scan, in: page.body, user: owner, extras: [.string(change)], to: &batch.bytes)
                    batch.endRecord(partition: partition)
                } catch {
                    batch.quarantined.append(quarantined(item: index, of: page, projector: projector, error))
                }
            }
        }
        try deliver(batch, of: owner, pageBytes: page.body.count, next: page.nextURL, deltaLink: page.deltaLink, to: lane.sink)
    }

    /// Appends item `index` of `page` to `batch` as a line, or quarantines it.
    func project(
        item index: Int, of page: RawCollectionPage, lane: DatasetLane, projector: LineProjector, owner: String?,
        into batch: inout EncodedBatch
    ) {
        let mark = batch.bytes.count
        do {
            let partition = try projector.appendLine(item: index, of: page.scan, in: page.body, user: owner, to: &batch.bytes)
            if let partition, let coverage = lane.plan.coverage, !coverage.contains(partition) {
                // Dated outside the days this run replaces: writing it would replace that day's whole partition.
                batch.bytes.removeSubrange(mark...)
                batch.outsideWindow += 1
                return
            }
            batch.endRecord(partition: partition ?? lane.plan.snapshotPartition)
        } catch {
            batch.quarantined.append(quarantined(item: index, of: page, projector: projector, error))
        }
    }

    /// The quarantine entry of item `index`: its id as the dataset's `id` column writes it, and why.
    private func quarantined(item index: Int, of page: RawCollectionPage, projector: LineProjector, _ error: ProjectionError)
        -> QuarantineEntry
    {
        QuarantineEntry(recordId: projector.quarantineId(page.scan.string("id", ofItem: index, in: page.body)), reason: error.description)
    }

    /// Hands one page's records to the sink with where its unit goes next, and counts the page. Every
    /// page is reported, even an empty one: it moves the unit on for a checkpoint.
    func deliver(
        _ batch: EncodedBatch, of owner: String?, pageBytes: Int, next: String?, deltaLink: String?, to sink: DatasetSink
    ) throws {
        try sink.append(batch, unit: owner ?? ResumePoint.tenantUnit, next: next, deltaLink: deltaLink)
        progress.update {
            $0.pages += 1
            $0.bytesFetched += pageBytes
            $0.records += batch.records.count
        }
    }
}
