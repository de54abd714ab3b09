import FerryCore

/// Nested personal data: the value is copied while the rules' tree is followed into it, and the values
/// the rules end at are replaced (every recipient's address and name in `toRecipients`), as are members
/// at none of the paths, by the column's other kind. Fails closed like the generic path.
extension LineProjector {
    /// Writes the value starting at `start` with the rules below `node` applied, and returns where the
    /// value ends; nil when it meets what only the generic path decides (a non-string value to hash) or
    /// refuses (a value of another shape than the rules expect, which the generic path words).
    /// A rule reaches every member with its key, repeated or not, as in the generic path. Reads the value
    /// once, front to back, writing as it goes.
    func rewrite(at start: Int, limit: Int, node index: Int, body: [UInt8], work: inout Workspace, to out: inout [UInt8])
        -> Int?
    {
        let node = line.rules.nodes[index]
        let first = body[start]
        if let leaf = node.leaf {
            // A value known to hold no personal data is a scalar; anything else is refused.
            guard !node.isPublic || (first != UInt8(ascii: "{") && first != UInt8(ascii: "[")),
                let (end, _) = JSONScanner.valueEnd(in: body, at: start, limit: limit),
                writeLeaf(start..<end, first: first, mode: leaf, kind: node.kind, body: body, work: &work, to: &out)
            else { return nil }
            return end
        }
        if first == UInt8(ascii: "{") && node.keys >= 0 {
            out.append(UInt8(ascii: "{"))
            var at = JSONScanner.skipWhitespace(in: body, from: start + 1, limit: limit)
            guard at < limit else { return nil }
            if body[at] == UInt8(ascii: "}") {
                out.append(UInt8(ascii: "}"))
                return at + 1
            }
            var wrote = false
            while true {
                guard let (key, escaped, valueStart) = JSONScanner.key(in: body, at: at, limit: limit) else { return nil }
                let probe = JSONMember(key: key, value: valueStart..<valueStart, first: 0, keyHasEscapes: escaped, traits: [])
                var child = -1
                if let target = line.keys.position(in: node.keys, of: probe, in: body) {
                    child = line.rules.children[node.children.lowerBound + target]
                }
                if child >= 0 ? line.rules.nodes[child].leaf == .drop : node.otherMode == .drop {
                    // `drop` removes the property itself.
                    guard let (end, _) = JSONScanner.valueEnd(in: body, at: valueStart, limit: limit) else { return nil }
                    at = end
                } else {
                    if wrote { out.append(UInt8(ascii: ",")) }
                    wrote = true
                    JSONScanner.append(body, key.lowerBound - 1..<key.upperBound + 1, to: &out)
                    out.append(UInt8(ascii: ":"))
                    if child >= 0 {
                        guard let end = rewrite(at: valueStart, limit: limit, node: child, body: body, work: &work, to: &out)
                        else { return nil }
                        at = end
                    } else {
                        // At none of the paths: personal data of the column's other kind.
                        guard valueStart < limit, let (end, _) = JSONScanner.valueEnd(in: body, at: valueStart, limit: limit),
                            writeLeaf(
                                valueStart..<end, first: body[valueStart], mode: node.otherMode, kind: node.otherKind, body: body,
                                work: &work, to: &out)
                        else { return nil }
                        at = end
                    }
                }
                at = JSONScanner.skipWhitespace(in: body, from: at, limit: limit)
                guard at < limit else { return nil }
                if body[at] == UInt8(ascii: "}") { break }
                guard body[at] == UInt8(ascii: ",") else { return nil }
                at = JSONScanner.skipWhitespace(in: body, from: at + 1, limit: limit)
            }
            out.append(UInt8(ascii: "}"))
            return at + 1
        }
        if first == UInt8(ascii: "["), node.each >= 0 {
            out.append(UInt8(ascii: "["))
            var at = JSONScanner.skipWhitespace(in: body, from: start + 1, limit: limit)
            guard at < limit else { return nil }
            if body[at] != UInt8(ascii: "]") {
                var position = 0
                while true {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    position += 1
                    guard at < limit, let end = rewrite(at: at, limit: limit, node: node.each, body: body, work: &work, to: &out)
                    else { return nil }
                    at = JSONScanner.skipWhitespace(in: body, from: end, limit: limit)
                    guard at < limit else { return nil }
                    if body[at] == UInt8(ascii: "]") { break }
                    guard body[at] == UInt8(ascii: ",") else { return nil }
                    at = JSONScanner.skipWhitespace(in: body, from: at + 1, limit: limit)
                }
            }
            out.append(UInt8(ascii: "]"))
            return at + 1
        }
        // Null stands for any shape; a value of another shape than the rules expect is refused.
        guard first == UInt8(ascii: "n"), let (end, _) = JSONScanner.valueEnd(in: body, at: start, limit: limit) else {
            return nil
        }
        JSONScanner.append(body, start..<end, to: &out)
        return end
    }

    /// The value a rule ends at: hashed, or null for `redact` (and for `drop` of an array element, which
    /// the generic path nulls rather than removes).
    private func writeLeaf(
        _ value: Range<Int>, first: UInt8, mode: PseudonymMode, kind: PersonalDataKind, body: [UInt8],
        work: inout Workspace, to out: inout [UInt8]
    ) -> Bool {
        switch mode {
        case .keep:
            JSONScanner.append(body, value, to: &out)
            return true
        case .redact, .drop:
            out.append(contentsOf: Self.null)
            return true
        case .hash, .hashKeepDomain:
            if first == UInt8(ascii: "n") {
                out.append(contentsOf: Self.null)
                return true
            }
            guard first == UInt8(ascii: "\""), work.pseudonyms != nil else { return false }
            return work.pseudonyms!.appendPseudonym(
                ofString: value, in: body, kind: kind, keepDomain: mode == .hashKeepDomain, to: &out)
        }
    }
}
