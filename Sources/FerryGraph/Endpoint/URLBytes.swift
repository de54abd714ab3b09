extension Collection where Element == UInt8 {
    /// The first occurrence of the ASCII `text` in these bytes (a URL's, say), by a plain loop.
    ///
    /// The standard library's generic `firstRange(of:)` cost about 15 µs a call on a URL, through its
    /// searcher's allocations and generic metadata; the throttling scope and the metrics' endpoint
    /// label ask it of every request and every `$batch` item.
    func firstRange(ofASCII text: StaticString) -> Range<Index>? {
        let pattern = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        var start = startIndex
        while start != endIndex {
            var index = start
            var matched = 0
            while matched < pattern.count, index != endIndex, self[index] == pattern[matched] {
                formIndex(after: &index)
                matched += 1
            }
            if matched == pattern.count { return start..<index }
            formIndex(after: &start)
        }
        return nil
    }
}
