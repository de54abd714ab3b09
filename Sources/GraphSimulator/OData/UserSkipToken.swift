/// The opaque `$skiptoken` of the users collection: the next index, with a check so that tokens from
/// another tenant or typed by hand are refused.
enum UserSkipToken {
    /// `DSpt` + version, as Graph's directory tokens begin; it base64-encodes to `RFNwdAIA`.
    private static let magic: [UInt8] = [0x44, 0x53, 0x70, 0x74, 0x02, 0x00]

    static func encode(_ index: Int, seed: UInt64) -> String {
        let check = SplitMix64.hash(seed, UInt64(truncatingIfNeeded: index), 0x736B_6970)
        let bytes = magic + SimulatedMailbox.bytes(of: UInt32(truncatingIfNeeded: index))
            + SimulatedMailbox.bytes(of: check).prefix(5)
        return Base64Text.string(bytes, alphabet: .urlSafe)
    }

    static func decode(_ token: String, seed: UInt64) -> Int? {
        guard let bytes = Base64Text.decode(token), bytes.count == 15, Array(bytes.prefix(6)) == magic else { return nil }
        let index = bytes[6..<10].reduce(0) { $0 << 8 | Int($1) }
        guard encode(index, seed: seed) == Base64Text.string(bytes, alphabet: .urlSafe) else { return nil }
        return index
    }
}
