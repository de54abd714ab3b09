import FerryCore

/// Turns projected records into the bytes of one output format, one line per record.
public protocol RecordEncoder: Sendable {
    /// The file extension without compression (`jsonl`, `csv`).
    var fileExtension: String { get }
    /// What every part file starts with (a CSV header row), if anything.
    var fileHeader: [UInt8]? { get }
    /// Appends one record, ending in a newline.
    func encode(_ values: [JSONValue], into out: inout [UInt8])
}
