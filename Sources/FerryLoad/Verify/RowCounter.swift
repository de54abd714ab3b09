/// Counts the records of a part file as written: JSON Lines are one a line; CSV records end at a line
/// break outside quotes, after a header row.
enum RowCounter {
    static func count(_ bytes: [UInt8], gzip: Bool, csv: Bool, path: String) throws -> Int {
        var counter = Counter(csv: csv)
        if gzip {
            try GzipDecompression.inflate(bytes, path: path) { counter.feed($0) }
        } else {
            bytes.withUnsafeBufferPointer { counter.feed($0) }
        }
        return csv ? max(0, counter.lines - 1) : counter.lines
    }

    private struct Counter {
        let csv: Bool
        var lines = 0
        var quoted = false

        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
            for byte in chunk {
                if csv && byte == UInt8(ascii: "\"") {
                    quoted.toggle()  // "" inside a quoted field toggles twice
                } else if byte == UInt8(ascii: "\n") && !quoted {
                    lines += 1
                }
            }
        }
    }
}
