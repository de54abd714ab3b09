import FerryState

/// Where a run picks up each dataset: the units already complete, and the page each partly read unit
/// continues from. A fresh run has neither.
///
/// A unit is one owner's collection (a user's messages, a group's members), keyed by the owner's id;
/// a tenant-wide collection is the single unit `tenantUnit`. Tenant-wide units are never continued
/// mid-way: unless complete, they start over, and their dataset's staged files with them.
struct ResumePoint: Sendable {
    static let tenantUnit = "tenant"

    private var completed: [String: Set<String>] = [:]
    private var cursors: [String: [String: String]] = [:]

    static let fresh = ResumePoint()

    init() {}

    init(checkpoints: [DatasetCheckpoint]) {
        for checkpoint in checkpoints {
            completed[checkpoint.dataset] = Set(checkpoint.completedUnits.keys)
            cursors[checkpoint.dataset] = checkpoint.cursors.mapValues(\.nextURL)
        }
    }

    func isComplete(dataset: String, unit: String) -> Bool {
        completed[dataset]?.contains(unit) ?? false
    }

    /// The URL a partly read unit continues from; nil to read it from its first page.
    func continuation(dataset: String, unit: String) -> String? {
        cursors[dataset]?[unit]
    }
}
