import Foundation

/// Runs `body` over `count` items split into at most `chunks` contiguous ranges, in parallel, and returns
/// the ranges' results in order. The split depends on `count` and `chunks` only, never on the machine,
/// so results that add floating-point numbers per range come out the same everywhere.
func parallelChunks<T>(_ count: Int, chunks: Int = 16, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    guard count > 0 else { return [] }
    let parts = max(1, min(chunks, count))
    let results = ResultSlots<T>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let range = count * part / parts..<count * (part + 1) / parts
        results.set(part, .success(body(range)))
    }
    return results.take().map { try! $0.get() }
}
