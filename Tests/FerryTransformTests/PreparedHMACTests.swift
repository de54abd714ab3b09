import Crypto
import Testing

@testable import FerryTransform

/// The pseudonymizer's own HMAC-SHA256 is swift-crypto's, bit for bit.
@Suite struct PreparedHMACTests {
    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func mac(_ key: [UInt8], _ message: [UInt8]) -> String {
        message.withUnsafeBytes { PreparedHMAC(key: key).authenticate($0) { hex($0) } }
    }

    /// RFC 4231's test cases 1, 2, 6 (a key longer than a block) and 7.
    @Test func rfc4231Vectors() {
        let cases: [(key: [UInt8], message: String, mac: String)] = [
            ([UInt8](repeating: 0x0b, count: 20), "Hi There",
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), "what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            ([UInt8](repeating: 0xaa, count: 131),
             "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ]
        for test in cases {
            #expect(Self.mac(test.key, Array(test.message.utf8)) == test.mac)
        }
    }

    @Test func equalsSwiftCryptosHMACOnRandomKeysAndMessages() {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 16, 32, 63, 64, 65, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            for messageLength in [0, 1, 55, 56, 64, 100, 1_000] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
                #expect(Self.mac(key, message) == Self.hex(expected), "key \(keyLength) bytes, message \(messageLength)")
            }
        }
    }
}
