/// One partition of a run while it is written: its staged directory, finished files and open file.
final class StagedPartition {
    let value: String
    /// The directory name, `<key>=<value>`, both in staging and once visible.
    let directoryName: String
    let stagedPath: String
    var finished: [PartFileSummary] = []
    var current: PartFile?
    var nextIndex = 0

    init(value: String, directoryName: String, stagedPath: String) {
        self.value = value
        self.directoryName = directoryName
        self.stagedPath = stagedPath
    }

    /// Finishes the open part file, if any, and records it.
    func finishCurrent() throws {
        guard let file = current else { return }
        current = nil
        finished.append(try file.finish())
    }

    /// Closes the open part file without finishing it.
    func closeCurrent() {
        current?.close()
        current = nil
    }
}
