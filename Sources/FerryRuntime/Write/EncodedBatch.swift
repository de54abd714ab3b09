/// A page's worth of encoded records, each tagged with its partition, handed to a sink in one call.
///
/// Encoding happens in the worker that fetched the page, so the writer only copies bytes.
struct EncodedBatch: Sendable {
    var bytes: [UInt8] = []
    /// The end offset of each record in `bytes`, and the index of its partition in `partitions`.
    var records: [(end: Int, partition: Int)] = []
    var partitions: [String] = []
    var quarantined: [QuarantineEntry] = []
    /// Records left out because their unit had already produced a record with the same id.
    var duplicates = 0
    /// Records left out because their date falls on a day the run does not cover (calendarView's events
    /// that started before the window): the run of that day has them, and its partition stays whole.
    var outsideWindow = 0

    mutating func endRecord(partition: String) {
        let index: Int
        if let known = partitions.lastIndex(of: partition) {
            index = known
        } else {
            index = partitions.count
            partitions.append(partition)
        }
        records.append((bytes.count, index))
    }
}

/// A record that could not be projected: what is known of it without personal data, and why.
struct QuarantineEntry: Sendable {
    var recordId: String?
    var reason: String
}
