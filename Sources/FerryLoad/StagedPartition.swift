/// One partition of a run while it is written: its staged directory, the part files its lanes have
/// finished, and the counter that hands out the next part file index.
struct StagedPartition: Sendable {
    let value: String
    /// The directory name, `<key>=<value>`, both in staging and once visible.
    let directoryName: String
    let stagedPath: String
    /// Finished files in the order lanes finished them; sort by name for the partition's order.
    var finished: [PartFileSummary] = []
    /// The index the next part file of this partition gets, whichever lane opens it.
    var nextIndex = 0
    /// Part files handed out and not finished yet (open in some lane).
    var openFiles = 0
}
