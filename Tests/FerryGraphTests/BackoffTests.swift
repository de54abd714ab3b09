import FerryTestSupport
import Testing

@testable import FerryGraph

@Suite("Backoff")
struct BackoffTests {
    /// The table in `Backoff`'s documentation, in milliseconds.
    static let documentedCeilings: [(attempt: Int, ms: Int64)] = [
        (1, 200), (2, 400), (3, 800), (4, 1_600), (5, 3_200), (6, 6_400), (7, 12_800), (8, 25_600),
        (9, 30_000), (10, 30_000), (64, 30_000), (10_000, 30_000),
    ]

    @Test func ceilingsMatchTheDocumentedTable() {
        let backoff = Backoff()
        for row in Self.documentedCeilings {
            #expect(backoff.ceiling(attempt: row.attempt) == .milliseconds(row.ms), "attempt \(row.attempt)")
        }
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(200))
        #expect(backoff.ceiling(attempt: -3) == .milliseconds(200))
    }

    @Test func delaysStayWithinZeroAndTheCeilingAndSpreadOut() {
        let backoff = Backoff()
        var random = SeededGenerator(seed: 42)
        for row in Self.documentedCeilings {
            let ceiling = Duration.milliseconds(row.ms)
            let samples = (0..<2_000).map { _ in backoff.delay(attempt: row.attempt, random: &random) }
            #expect(samples.allSatisfy { $0 >= .zero && $0 <= ceiling }, "attempt \(row.attempt)")
            // Full jitter: the mean sits near half the ceiling and the draws use the whole range.
            let mean = samples.reduce(Duration.zero, +) / samples.count
            #expect(mean > ceiling * 0.45 && mean < ceiling * 0.55, "attempt \(row.attempt): mean \(mean)")
            #expect(samples.contains { $0 < ceiling * 0.1 } && samples.contains { $0 > ceiling * 0.9 })
        }
    }

    @Test func systemRandomDelayIsBounded() {
        let backoff = Backoff(base: .milliseconds(10), cap: .milliseconds(35))
        for attempt in 1...20 {
            #expect(backoff.delay(attempt: attempt) <= .milliseconds(35))
        }
        #expect(Backoff(base: .zero, cap: .seconds(1)).delay(attempt: 3) == .zero)
    }
}

