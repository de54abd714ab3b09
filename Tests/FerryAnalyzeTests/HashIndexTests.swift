import FerryTestSupport
import Testing
@testable import FerryAnalyze

/// `HashIndex` answers as a `Dictionary` would, through growth, replacement and the key 0 it keeps apart.
@Suite struct HashIndexTests {
    @Test func agreesWithADictionaryOnRandomAndCollidingKeys() {
        var random = SeededGenerator(seed: 11)
        var index = HashIndex()
        var reference: [UInt64: Int32] = [:]
        // Keys that share their low bits probe past each other; 0 is the empty-slot marker.
        var keys: [UInt64] = [0, 1 << 40, 2 << 40, 3 << 40]
        for _ in 0..<50_000 { keys.append(random.next() % 80_000 << (random.next() % 2 == 0 ? 0 : 33)) }
        for (position, key) in keys.enumerated() {
            let value = Int32(position)
            if position % 3 == 0 {
                index.set(key, value)
                reference[key] = value
            } else {
                let old = index.insert(key, value)
                #expect(old == reference[key])
                if reference[key] == nil { reference[key] = value }
            }
        }
        #expect(index.count == reference.count)
        for key in keys + (0..<1_000).map({ _ in random.next() }) {
            #expect(index[key] == reference[key])
            #expect(index.contains(key) == (reference[key] != nil))
        }
    }
}
