import FerryState

/// Where a run picks up one dataset: the units already complete, and the page each partly read unit
/// continues from. A fresh run has neither.
///
/// A unit is one owner's collection (a user's messages, a group's members), keyed by the owner's id;
/// a tenant-wide collection is the single unit `tenantUnit`. Tenant-wide units are never continued
/// mid-way: unless complete, they start over, and their dataset's staged files with them.
package struct ResumePoint: Sendable {
    static let tenantUnit = "tenant"

    private var completed: Set<String> = []
    private var cursors: [String: String] = [:]
    private var resyncing: Set<String> = []

    package static let fresh = ResumePoint()

    init() {}

    init(checkpoint: DatasetCheckpoint) {
        completed = Set(checkpoint.completedUnits.keys)
        cursors = checkpoint.cursors.mapValues(\.nextURL)
        resyncing = Set(checkpoint.cursors.filter(\.value.resync).keys)
    }

    func isComplete(_ unit: String) -> Bool {
        completed.contains(unit)
    }

    /// The URL a partly read unit continues from; nil to read it from its first page.
    func continuation(_ unit: String) -> String? {
        cursors[unit]
    }

    /// Whether a partly read unit was being read whole again as a delta resync: its remaining pages are too.
    func continuesResync(_ unit: String) -> Bool {
        resyncing.contains(unit)
    }
}
