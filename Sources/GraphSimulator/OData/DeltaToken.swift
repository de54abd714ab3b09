/// The state a delta query carries in its `$skiptoken` (a page of a round) and `$deltatoken` (the next round).
///
/// The tenant is a function of its generation, so a round is fully described by the generation its last
/// round saw (`from`, -1 for a first round) and the one it reads (`to`), and a position in what it lists.
/// Tokens are opaque base64 with a check, so tampered, foreign or outdated ones are refused (410).
struct DeltaToken: Sendable, Equatable {
    enum Kind: Int, Sendable {
        case users = 1, groups, messages, calendarView
    }

    var kind: Kind
    /// Tokens of an older epoch are expired (`GraphSimulatorServer.expireDeltaTokens()`).
    var epoch: Int
    /// The generation the previous round saw; -1 in a first round.
    var from: Int
    /// The generation this round reads.
    var to: Int
    /// The next index (directory) or position in the round's list (Outlook).
    var position = 0
    /// The mailbox owner's index, for Outlook deltas.
    var user = 0
    /// The folder of a messages delta.
    var folder = ""
    /// The window of a calendarView delta, in seconds.
    var windowStart: Int64 = 0
    var windowEnd: Int64 = 0
    /// The `$select` of the first request, kept for every later page and round.
    var select: String?
    /// The `$filter` of the first request (messages), kept likewise.
    var filter: String?

    func encode(seed: UInt64) -> String {
        let fields = [
            "1", String(kind.rawValue), String(epoch), String(from), String(to), String(position), String(user), folder,
            String(windowStart), String(windowEnd), select.map { "=" + $0 } ?? "", filter.map { "=" + $0 } ?? "",
        ].map { Base64Text.string(Array($0.utf8), alphabet: .urlSafe) }
        let text = fields.joined(separator: ".")
        return Base64Text.string(Array((text + "." + String(Self.check(text, seed: seed), radix: 36)).utf8), alphabet: .urlSafe)
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String, seed: UInt64) -> DeltaToken? {
        guard let outer = Base64Text.decode(token), let text = String(validating: outer, as: UTF8.self),
            let dot = text.lastIndex(of: ".")
        else { return nil }
        let body = String(text[..<dot])
        guard UInt64(text[text.index(after: dot)...], radix: 36) == check(body, seed: seed) else { return nil }
        let fields = body.split(separator: ".", omittingEmptySubsequences: false).map { field in
            Base64Text.decode(field).flatMap { String(validating: $0, as: UTF8.self) }
        }
        guard fields.count == 12, fields.allSatisfy({ $0 != nil }) else { return nil }
        let values = fields.map { $0 ?? "" }
        guard values[0] == "1", let kindValue = Int(values[1]), let kind = Kind(rawValue: kindValue), let epoch = Int(values[2]),
            let from = Int(values[3]), let to = Int(values[4]), let position = Int(values[5]), let user = Int(values[6]),
            let windowStart = Int64(values[8]), let windowEnd = Int64(values[9])
        else { return nil }
        return DeltaToken(
            kind: kind, epoch: epoch, from: from, to: to, position: position, user: user, folder: values[7],
            windowStart: windowStart, windowEnd: windowEnd,
            select: values[10].isEmpty ? nil : String(values[10].dropFirst()),
            filter: values[11].isEmpty ? nil : String(values[11].dropFirst()))
    }

    private static func check(_ text: String, seed: UInt64) -> UInt64 {
        text.utf8.reduce(SplitMix64.hash(seed, 0xDE17A)) { SplitMix64.mix($0 ^ UInt64($1)) } >> 12
    }
}
