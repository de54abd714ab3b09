import FerryGraph
import FerryLoad
import Foundation

/// One dataset in a run: its plan, the sink its lines go to, how far an earlier process of the same
/// run got, and the delta links the last successful run left. The runner's one value per dataset.
package struct DatasetLane: Sendable {
    let plan: DatasetPlan
    let sink: DatasetSink
    /// What an earlier process of this run already wrote; `.fresh` for a new run.
    let resume: ResumePoint
    /// The delta link each unit's last successful round ended with, for a change feed.
    let deltaLinks: [String: String]
    /// True when the change feed's links were made by a delta query of another shape (other columns):
    /// every unit is read whole again, and its records are a resync, not upserts.
    let resyncsEveryUnit: Bool

    package init(
        plan: DatasetPlan, sink: DatasetSink, resume: ResumePoint, deltaLinks: [String: String], resyncsEveryUnit: Bool = false
    ) {
        self.plan = plan
        self.sink = sink
        self.resume = resume
        self.deltaLinks = deltaLinks
        self.resyncsEveryUnit = resyncsEveryUnit
    }

    var name: String { plan.schema.name }

    /// Whether the dataset lists the tenant's users, so that its listing doubles as the fan-out's.
    var listsUsers: Bool { plan.schema.isUserDirectory && !plan.isDelta }

    /// Whether a unit's reading continues where an earlier process of this run stopped.
    func continues(owner: String?) -> Bool {
        resume.continuation(owner ?? ResumePoint.tenantUnit) != nil
    }

    /// Where a unit's reading starts: the page this run stopped at, else the first page.
    func startURL(graphURL: String, owner: String?) -> String {
        resume.continuation(owner ?? ResumePoint.tenantUnit)
            ?? plan.request.firstPageURL(base: graphURL, owner: owner)
    }

    /// What the dataset wrote, once its sink published `committed`.
    func result(publishing committed: (partitions: [PartitionSummary], quarantineFile: URL?)) -> RunSummary.DatasetResult {
        RunSummary.DatasetResult(
            dataset: name, schemaVersion: plan.schema.version, rows: sink.rows, partitions: committed.partitions,
            quarantined: sink.quarantinedCount, quarantineFile: committed.quarantineFile, usersWithoutMailbox: sink.usersSkipped,
            accessDenied: sink.accessDenied, resyncs: sink.resyncs, duplicates: sink.duplicates, outsideWindow: sink.outsideWindow, outputName: plan.outputName)
    }
}
