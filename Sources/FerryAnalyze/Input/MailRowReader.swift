import FerryCore

/// Reads a mail row of a JSON-lines file in a single pass: the addresses in `from` and the recipient lists
/// are read as the walk over the row reaches them (`InPlaceJSON`), rather than the row's members listed
/// first and each nested object walked again (ten million rows have the same shape, and the second pass
/// over their nested objects had cost a third of the scan).
struct MailRowReader {
    /// The to, cc and bcc codes of the row being read, kept to reuse their storage.
    private var to: [UInt64] = []
    private var cc: [UInt64] = []
    private var bcc: [UInt64] = []

    /// Reads the row `bytes[line]` into `raw`. Returns whether a mail was added (false: it has no time or
    /// no sender), or nil when the line is not one JSON object.
    mutating func read(_ bytes: [UInt8], line: Range<Int>, directory: DirectoryIndex, into raw: inout RawEvents) -> Bool? {
        guard line.upperBound <= JSONMember.maximumOffset else { return nil }
        var messageId: JSONMember?, puser: JSONMember?, id: JSONMember?, sent: JSONMember?, received: JSONMember?
        var from: UInt64?, senderStart: Int?
        to.removeAll(keepingCapacity: true)
        cc.removeAll(keepingCapacity: true)
        bcc.removeAll(keepingCapacity: true)
        let limit = line.upperBound
        func string(_ value: Int, into field: inout JSONMember?) -> Int? {
            guard let member = InPlaceJSON.value(bytes, at: value, limit: limit) else { return nil }
            field = member
            return member.value.upperBound
        }
        let end = InPlaceJSON.object(bytes, at: line.lowerBound, limit: limit) { key, value in
            switch key.count {
            case 2 where InPlaceJSON.equal(bytes, key, "id"): return string(value, into: &id)
            case 4 where InPlaceJSON.equal(bytes, key, "from"):
                guard let (code, end) = Self.address(bytes, at: value, limit: limit, directory: directory) else { return nil }
                from = code
                return end
            case 5 where InPlaceJSON.equal(bytes, key, "puser"): return string(value, into: &puser)
            case 6 where InPlaceJSON.equal(bytes, key, "sender"):
                // Read only when the row has no usable `from`.
                senderStart = value
            case 12:
                if InPlaceJSON.equal(bytes, key, "sentDateTime") { return string(value, into: &sent) }
                if InPlaceJSON.equal(bytes, key, "toRecipients") {
                    return Self.recipients(bytes, at: value, limit: limit, directory: directory, into: &to)
                }
                if InPlaceJSON.equal(bytes, key, "ccRecipients") {
                    return Self.recipients(bytes, at: value, limit: limit, directory: directory, into: &cc)
                }
            case 13 where InPlaceJSON.equal(bytes, key, "bccRecipients"):
                return Self.recipients(bytes, at: value, limit: limit, directory: directory, into: &bcc)
            case 16 where InPlaceJSON.equal(bytes, key, "receivedDateTime"): return string(value, into: &received)
            case 17 where InPlaceJSON.equal(bytes, key, "internetMessageId"): return string(value, into: &messageId)
            default: break
            }
            return JSONScanner.valueEnd(in: bytes, at: value, limit: limit)?.end
        }
        guard let end, JSONScanner.skipWhitespace(in: bytes, from: end, limit: limit) == limit else { return nil }
        if from == nil, let senderStart { from = Self.address(bytes, at: senderStart, limit: limit, directory: directory)?.code }
        guard let time = ScannedValue.timestamp(bytes, sent) ?? ScannedValue.timestamp(bytes, received), let from else { return false }
        let key = ScannedValue.stringHash(bytes, messageId)
            ?? KeyHash.combine(ScannedValue.stringHash(bytes, puser) ?? 0, ScannedValue.stringHash(bytes, id) ?? 0)
        let recipientStart = Int32(raw.recipients.count)
        raw.recipients += to
        raw.recipients += cc
        raw.recipients += bcc
        raw.mails.append(RawEvents.Mail(
            key: key, sent: time, sender: from, recipientStart: recipientStart, toCount: Int32(to.count),
            ccCount: Int32(cc.count + bcc.count), owner: directory.person(idHash: ScannedValue.stringHash(bytes, puser))))
        return true
    }

    /// The participant in `{"emailAddress": {"address": ...}}` (or `{"address": ...}`) at `start`, and where
    /// the value ends; a value of another shape has no participant. As in the member-list reading: the last
    /// `emailAddress` and `address` of the object count, and the first `address` inside `emailAddress`.
    static func address(_ bytes: [UInt8], at start: Int, limit: Int, directory: DirectoryIndex) -> (code: UInt64?, end: Int)? {
        guard bytes[start] == UInt8(ascii: "{") else {
            return JSONScanner.valueEnd(in: bytes, at: start, limit: limit).map { (nil, $0.end) }
        }
        var nested: UInt64?, bare: JSONMember?
        let end = InPlaceJSON.object(bytes, at: start, limit: limit) { key, value in
            if InPlaceJSON.equal(bytes, key, "emailAddress") {
                nested = nil
                guard bytes[value] == UInt8(ascii: "{") else { return JSONScanner.valueEnd(in: bytes, at: value, limit: limit)?.end }
                var found = false
                return InPlaceJSON.object(bytes, at: value, limit: limit) { innerKey, innerValue in
                    guard !found, InPlaceJSON.equal(bytes, innerKey, "address") else {
                        return JSONScanner.valueEnd(in: bytes, at: innerValue, limit: limit)?.end
                    }
                    found = true
                    guard let member = InPlaceJSON.value(bytes, at: innerValue, limit: limit) else { return nil }
                    nested = ScannedValue.participant(bytes, member, directory: directory)
                    return member.value.upperBound
                }
            }
            if InPlaceJSON.equal(bytes, key, "address") {
                guard let member = InPlaceJSON.value(bytes, at: value, limit: limit) else { return nil }
                bare = member
                return member.value.upperBound
            }
            return JSONScanner.valueEnd(in: bytes, at: value, limit: limit)?.end
        }
        guard let end else { return nil }
        return (nested ?? bare.flatMap { ScannedValue.participant(bytes, $0, directory: directory) }, end)
    }

    /// Reads the recipient list at `start` into `codes` (emptied first: the last list of a key counts);
    /// returns where it ends. A value that is not an array adds nobody.
    static func recipients(_ bytes: [UInt8], at start: Int, limit: Int, directory: DirectoryIndex, into codes: inout [UInt64]) -> Int? {
        codes.removeAll(keepingCapacity: true)
        guard bytes[start] == UInt8(ascii: "[") else { return JSONScanner.valueEnd(in: bytes, at: start, limit: limit)?.end }
        return InPlaceJSON.array(bytes, at: start, limit: limit) { element in
            guard let (code, end) = address(bytes, at: element, limit: limit, directory: directory) else { return nil }
            if let code { codes.append(code) }
            return end
        }
    }
}
