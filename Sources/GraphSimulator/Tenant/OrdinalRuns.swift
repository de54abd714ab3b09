/// A sequence of item ordinals stored as consecutive runs: a mailbox's items with a few deleted, or a page
/// window of them, without an array of every ordinal.
struct OrdinalRuns: Sendable, Sequence {
    private(set) var runs: [Range<Int>] = []
    private(set) var count = 0

    mutating func append(_ run: Range<Int>) {
        guard !run.isEmpty else { return }
        runs.append(run)
        count += run.count
    }

    /// The ordinals at positions `positions` (clamped to the sequence).
    func slice(_ positions: Range<Int>) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(Swift.max(0, Swift.min(positions.upperBound, count) - positions.lowerBound))
        var skipped = 0
        for run in runs {
            if skipped + run.count <= positions.lowerBound {
                skipped += run.count
                continue
            }
            let from = run.lowerBound + Swift.max(0, positions.lowerBound - skipped)
            let to = run.lowerBound + Swift.min(run.count, positions.upperBound - skipped)
            if from < to { result.append(contentsOf: from..<to) }
            skipped += run.count
            if skipped >= positions.upperBound { break }
        }
        return result
    }

    /// The same ordinals with single ones inserted: each `(before, ordinal)` goes just before the first
    /// ordinal below `limit` that is at least `before` (after all of them if none is), in the order given;
    /// ordinals from `limit` up keep their places. `before` must not decrease along `insertions`.
    func inserting(_ insertions: [(before: Int, ordinal: Int)], amongOrdinalsBelow limit: Int) -> OrdinalRuns {
        var result = OrdinalRuns()
        var next = 0
        for run in runs {
            guard run.lowerBound < limit else {
                result.append(run)
                continue
            }
            var start = run.lowerBound
            while next < insertions.count, insertions[next].before < run.upperBound {
                let cut = Swift.max(start, insertions[next].before)
                result.append(start..<cut)
                result.append(insertions[next].ordinal..<insertions[next].ordinal + 1)
                start = cut
                next += 1
            }
            result.append(start..<run.upperBound)
        }
        for insertion in insertions[next...] { result.append(insertion.ordinal..<insertion.ordinal + 1) }
        return result
    }

    func makeIterator() -> FlattenSequence<[Range<Int>]>.Iterator {
        runs.joined().makeIterator()
    }
}
