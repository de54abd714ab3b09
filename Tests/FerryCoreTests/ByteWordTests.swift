import Testing

@testable import FerryCore

/// The word-at-a-time tests of `JSONScanner` answer exactly what a loop over the eight bytes answers.
@Suite struct ByteWordTests {
    @Test func wordTestsAgreeWithALoopOverTheBytes() {
        // Bytes near every edge the callers test: control characters, space, quote, comma, '-',
        // backslash, DEL and the bytes beyond ASCII, with borrows and carries between neighbours.
        let bytes: [UInt8] = [0x00, 0x01, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x2C, 0x2D, 0x2E, 0x41, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFE, 0xFF]
        var state: UInt64 = 0xD1B5_4A32_D192_ED03
        for _ in 0..<50_000 {
            var word: [UInt8] = []
            for _ in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                word.append(bytes[Int(state >> 33) % bytes.count])
            }
            let value = word.withUnsafeBytes { JSONScanner.word($0, 0) }
            for byte: UInt8 in [0x0A, 0x0D, 0x20, 0x22, 0x2C, 0x5C] {
                #expect(JSONScanner.contains(value, byte: byte) == word.contains(byte), "\(word) \(byte)")
            }
            for bound: UInt8 in [0x01, 0x20, 0x2D, 0x80] {
                #expect(JSONScanner.containsByte(value, below: bound) == word.contains { $0 < bound }, "\(word) below \(bound)")
            }
            for bound: UInt8 in [0x00, 0x7E, 0x7F] {
                #expect(JSONScanner.containsByte(value, above: bound) == word.contains { $0 > bound }, "\(word) above \(bound)")
            }
        }
    }
}
