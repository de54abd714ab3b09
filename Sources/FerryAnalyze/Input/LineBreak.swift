import Foundation

/// Finds line feeds with the C library's `memchr`, which compares many bytes per instruction: the
/// JSON-lines readers split gigabytes into lines, and a byte-at-a-time loop cost as much as the JSON scan.
enum LineBreak {
    /// The index of the first line feed in `buffer[start..<end]`, or `end` when there is none.
    static func next(in buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        guard start < end, let base = buffer.baseAddress,
              let found = memchr(base + start, 0x0A, end - start) else { return end }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The index just past the last line feed in `buffer[start..<end]`, or `start` when there is none
    /// (searched backwards: the partial line after it is short).
    static func endOfLastLine(in buffer: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var index = end
        while index > start && buffer[index - 1] != 0x0A { index -= 1 }
        return index
    }
}
