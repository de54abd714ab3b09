import Crypto

/// HMAC-SHA256 (RFC 2104) with the key's two padded blocks absorbed once, computed through
/// swift-crypto's `SHA256` on raw bytes.
///
/// Equal, bit for bit, to swift-crypto's `HMAC<SHA256>` (`PreparedHMACTests` holds them equal on RFC
/// 4231's vectors and on random keys and messages); it exists because a run makes millions of MACs of
/// short values, and `HMAC`'s generic `DataProtocol` path cost more than the hashing itself.
struct PreparedHMAC: Sendable {
    /// SHA-256 after the key XOR ipad block, and after the key XOR opad block.
    private let inner: SHA256
    private let outer: SHA256

    init(key: [UInt8]) {
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += repeatElement(0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        var outer = SHA256()
        let innerBlock = block.map { $0 ^ 0x36 }
        let outerBlock = block.map { $0 ^ 0x5c }
        innerBlock.withUnsafeBytes { inner.update(bufferPointer: $0) }
        outerBlock.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// The MAC of `message`, handed to `body` as its 32 bytes.
    func authenticate<Result>(_ message: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var innerHash = inner
        innerHash.update(bufferPointer: message)
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize().withUnsafeBytes(body)
    }
}
