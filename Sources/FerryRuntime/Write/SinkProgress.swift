import FerryLoad
import FerryState

/// What a dataset's sink knows of the run besides its files: how far each unit got, what was
/// quarantined, skipped or left out, and what the next checkpoint must record.
struct SinkProgress: Sendable {
    var quarantine: [QuarantineEntry] = []
    var usersSkipped = 0
    /// Users whose mailbox Graph refused (403, outside an application access policy): skipped and counted,
    /// an earlier process's of the run included.
    var accessDenied = 0
    /// Of those, the ones an earlier process of the run was refused.
    private(set) var accessDeniedBefore = 0
    /// The mailboxes this process was refused.
    var accessDeniedHere: Int { accessDenied - accessDeniedBefore }
    /// Units partly read: the next page's URL and the rows written so far.
    var cursors: [String: DatasetCheckpoint.Cursor] = [:]
    /// Units completed, and records quarantined, since the last checkpoint.
    var completedSinceCheckpoint: [String: Int] = [:]
    /// False when no checkpoint will ever be taken (a run without a state database): completed units
    /// are then not remembered, so memory does not grow with the tenant's users.
    var remembersCompletedUnits = true
    var quarantinedSinceCheckpoint = 0
    var deltaLinks: [String: String] = [:]
    var duplicates = 0
    var outsideWindow = 0
    var resyncs = 0
    /// Units being read whole again as a resync, until they complete.
    var resyncing: Set<String> = []

    init() {}

    /// Where an earlier process of the run left off.
    init(resuming checkpoint: DatasetCheckpoint) {
        usersSkipped = checkpoint.unitsUnavailable
        accessDenied = checkpoint.unitsAccessDenied
        accessDeniedBefore = checkpoint.unitsAccessDenied
        cursors = checkpoint.cursors
        resyncing = Set(checkpoint.cursors.filter(\.value.resync).keys)
        resyncs = checkpoint.unitsResynced
        deltaLinks = checkpoint.deltaLinks
        quarantine = checkpoint.quarantined.map { QuarantineEntry(recordId: $0.recordId, reason: $0.reason) }
    }

    /// Records a page of `unit` as written, with where the unit goes next.
    mutating func record(_ batch: EncodedBatch, unit: String, next: String?, deltaLink: String?) {
        quarantine.append(contentsOf: batch.quarantined)
        duplicates += batch.duplicates
        outsideWindow += batch.outsideWindow
        quarantinedSinceCheckpoint += batch.quarantined.count
        let unitRows = (cursors[unit]?.rows ?? 0) + batch.records.count
        if let next {
            cursors[unit] = DatasetCheckpoint.Cursor(nextURL: next, rows: unitRows, resync: resyncing.contains(unit))
        } else {
            cursors[unit] = nil
            resyncing.remove(unit)
            if remembersCompletedUnits { completedSinceCheckpoint[unit] = unitRows }
            if let deltaLink { deltaLinks[unit] = deltaLink }
        }
    }

    /// The checkpoint of `files` with the progress they hold; what follows starts afresh.
    mutating func checkpoint(dataset: String, files: [SealedPartFile]) -> DatasetCheckpoint {
        let checkpoint = DatasetCheckpoint(
            dataset: dataset,
            files: files.map {
                DatasetCheckpoint.File(
                    partition: $0.partition, name: $0.file.name, rows: $0.file.rows, bytes: $0.file.bytes,
                    sha256: $0.file.sha256)
            },
            completedUnits: completedSinceCheckpoint,
            deltaLinks: completedSinceCheckpoint.keys.reduce(into: [:]) { links, unit in links[unit] = deltaLinks[unit] },
            cursors: cursors, unitsUnavailable: usersSkipped, unitsAccessDenied: accessDenied, unitsResynced: resyncs,
            quarantined: quarantine.suffix(quarantinedSinceCheckpoint).map {
                DatasetCheckpoint.QuarantinedRecord(recordId: $0.recordId, reason: $0.reason)
            })
        completedSinceCheckpoint = [:]
        quarantinedSinceCheckpoint = 0
        return checkpoint
    }
}
