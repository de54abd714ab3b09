import Testing

@testable import FerryAnalyze

/// The report's histograms: every bin holds k people or more, and no edge is a person's own value.
@Suite struct SafeHistogramTests {
    @Test func theExtremesAreNeverEdges() {
        // 30 people between 0.5 and 5.4 hours, and one far above them all.
        let values = (0..<30).map { 0.5 + Double($0) * 0.17 } + [8.17]
        let bins = SafeHistogram.bins(values, minimum: 10)
        #expect(!bins.isEmpty)
        #expect(bins.allSatisfy { $0.count >= 10 }, "\(bins)")
        #expect(bins.reduce(0) { $0 + $1.count } == values.count)
        #expect(bins.first?.low == -.infinity && bins.last?.high == .infinity, "the outer bins are open")
        let edges = Set(bins.flatMap { [$0.low, $0.high] }.filter(\.isFinite))
        #expect(edges.isDisjoint(with: values), "an edge is someone's value: \(edges.sorted())")
        for edge in edges {
            // Round numbers: a whole multiple of a step of 1, 2 or 5 times a power of ten.
            let step = SafeHistogram.roundStep((values.sorted()[30 - 9] - values.sorted()[9]) / 10)
            #expect(abs((edge / step).rounded() - edge / step) < 1e-9, "\(edge) is not on the grid of \(step)")
        }
    }

    @Test func fewerThanKPeopleGiveNoBins() {
        #expect(SafeHistogram.bins([1, 2, 3], minimum: 5).isEmpty)
    }

    @Test func everyoneAlikeIsOneOpenBin() {
        let bins = SafeHistogram.bins(Array(repeating: 3.25, count: 12), minimum: 5)
        #expect(bins.reduce(0) { $0 + $1.count } == 12)
        #expect(bins.allSatisfy { $0.count >= 5 })
        #expect(!bins.flatMap { [$0.low, $0.high] }.contains(3.25))
    }

    @Test func anOutlierFarBeyondTheGridLandsInTheLastBin() {
        // A figure no week can have, as a damaged or hostile export could carry: counted, not a crash.
        let values = (0..<20).map(Double.init) + [1e300]
        let bins = SafeHistogram.bins(values, minimum: 5)
        #expect(bins.reduce(0) { $0 + $1.count } == values.count)
        #expect(bins.last?.high == .infinity)
    }
}

