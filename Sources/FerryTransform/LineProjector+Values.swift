import FerryCore

/// The fast path for single values: each writer either writes exactly what `RecordTransformer.finish`
/// followed by `JSONWriter` would, and returns true, or returns false and leaves the value to them.
extension LineProjector {
    func writeFast(
        column index: Int, body: [UInt8], user: String?, work: inout Workspace, to out: inout [UInt8],
        partitionDate: inout String?
    ) -> Bool {
        let column = line.columns[index]
        switch column.source {
        case .user: return writeMemo(column: index, raw: user, work: &work, to: &out)
        case .tenant: return writeMemo(column: index, raw: tenant, work: &work, to: &out)
        case .path: return false
        case .absent:
            return writeNull(column, to: &out)
        case .property:
            let position = work.found[column.property]
            guard position >= 0 else { return writeNull(column, to: &out) }
            var member = work.members[position]
            for step in line.steps[column.steps] {
                // A path into something other than an object finds nothing, as JSONValue.value(at:) does.
                guard member.first == UInt8(ascii: "{") else { return writeNull(column, to: &out) }
                guard JSONScanner.members(of: body, object: member.value, into: &work.nested) else { return false }
                guard let first = work.nested.first(where: { line.keys.position(in: step, of: $0, in: body) == 0 })
                else { return writeNull(column, to: &out) }
                member = first
            }
            return writeValue(member, column: column, body: body, work: &work, to: &out, partitionDate: &partitionDate)
        }
    }

    /// Copies `,"name":value` of a column that `copiesMember` straight from the record, when the record
    /// holds exactly those bytes (compact, the value already what the column writes); false otherwise,
    /// with nothing written.
    func copyMember(column index: Int, body: [UInt8], work: inout Workspace, to out: inout [UInt8]) -> Bool {
        let column = line.columns[index]
        let position = work.found[column.property]
        guard position >= 0 else { return false }
        let member = work.members[position]
        let key = member.key
        // `,"name":` right before the value: a comma, the quoted key, a colon, nothing else.
        guard !member.keyHasEscapes, key.lowerBound >= 2, member.value.lowerBound == key.upperBound + 2,
            body[key.lowerBound - 2] == UInt8(ascii: ",")
        else { return false }
        guard member.first == UInt8(ascii: "n") || isWrittenAsIs(member, kind: column.kind, body: body, work: &work),
            isCopyable(member, in: body)
        else { return false }
        JSONScanner.append(body, key.lowerBound - 2..<member.value.upperBound, to: &out)
        return true
    }

    private func writeNull(_ column: LineColumn, to out: inout [UInt8]) -> Bool {
        // A missing date column is an error, which the generic path words.
        guard !column.isDateColumn else { return false }
        out.append(contentsOf: Self.null)
        return true
    }

    /// Columns from the user or the tenant repeat the same value record after record: finish it once.
    private func writeMemo(column index: Int, raw: String?, work: inout Workspace, to out: inout [UInt8]) -> Bool {
        guard !line.columns[index].isDateColumn else { return false }
        if let memo = work.memos[index], memo.raw == raw {
            out.append(contentsOf: memo.bytes)
            return true
        }
        var ignored: String?
        guard let value = try? generic.finish(raw.map(JSONValue.string) ?? .null, column: index, partitionDate: &ignored)
        else { return false }
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        work.memos[index] = (raw, bytes)
        out.append(contentsOf: bytes)
        return true
    }

    private func writeValue(
        _ member: JSONMember, column: LineColumn, body: [UInt8], work: inout Workspace, to out: inout [UInt8],
        partitionDate: inout String?
    ) -> Bool {
        let first = member.first
        if first == UInt8(ascii: "n") { return writeNull(column, to: &out) }
        let mode = column.wholeMode
        if column.nestedRoot >= 0 {
            guard column.kind == .json, mode == nil, !column.isDateColumn,
                isCopyable(member, in: body)
            else { return false }
            let start = out.count
            let value = member.value
            if rewrite(at: value.lowerBound, limit: value.upperBound, node: column.nestedRoot, body: body, work: &work, to: &out)
                == value.upperBound
            {
                return true
            }
            out.removeSubrange(start...)
            return false
        }
        switch column.kind {
        case .timestamp, .date:
            guard first == UInt8(ascii: "\""), mode == nil || mode == .redact else {
                return false
            }
            let start = out.count
            guard writeTimestamp(member, asDate: column.kind == .date, body: body, to: &out) else { return false }
            if column.isDateColumn {
                // The written text starts with a quote and the date: the generic path's prefix(10).
                partitionDate = String(decoding: out[start + 1..<start + 11], as: UTF8.self)
            }
            if mode == .redact {
                out.removeSubrange(start...)
                out.append(contentsOf: Self.null)
            }
            return true
        default:
            break
        }
        guard !column.isDateColumn, isWrittenAsIs(member, kind: column.kind, body: body, work: &work) else { return false }
        switch mode {
        case nil, .keep?:
            guard isCopyable(member, in: body) else { return false }
            JSONScanner.append(body, member.value, to: &out)
            return true
        case .redact?, .drop?:
            out.append(contentsOf: Self.null)
            return true
        case .hash?, .hashKeepDomain?:
            guard column.kind == .string, work.pseudonyms != nil else { return false }
            return work.pseudonyms!.appendPseudonym(
                ofString: member.value, in: body, kind: column.wholeKind, keepDomain: mode == .hashKeepDomain, to: &out)
        }
    }

    static let null: [UInt8] = Array("null".utf8)

    /// Whether the value is already what a column of `kind` writes, the way the generic path would write
    /// it: a string for a string column, `true` or `false` for a bool, a canonical integer for an int, a
    /// canonical UTC timestamp, an array of strings and nulls, anything for json.
    private func isWrittenAsIs(_ member: JSONMember, kind: LineColumn.Kind, body: [UInt8], work: inout Workspace) -> Bool {
        let first = member.first
        switch kind {
        case .string: return first == UInt8(ascii: "\"")
        case .bool: return first == UInt8(ascii: "t") || first == UInt8(ascii: "f")
        case .int: return Self.isShortInteger(member.value, in: body)
        case .double: return Self.isPlainNumber(member.value, in: body)
        case .json: return true
        case .timestamp:
            return first == UInt8(ascii: "\"")
                && CanonicalTimestamp.matches(body, member.value.lowerBound + 1..<member.value.upperBound - 1)
        case .stringArray: return first == UInt8(ascii: "[") && allStrings(member, body: body, work: &work)
        case .date, .otherArray: return false
        }
    }

    /// Whether the value's bytes can be copied as they are: on one line, and reading back as the generic
    /// path would write them. Spaces and tabs between tokens may stay: they change nothing once parsed.
    /// An object or array with escapes is written again instead, since they may be in its keys: keys
    /// in Ferry's files are always plain, so that their readers (the analysis among them) can match
    /// keys by their bytes.
    func isCopyable(_ member: JSONMember, in body: [UInt8]) -> Bool {
        let traits = member.traits
        if traits.contains(.lineBreaks) { return false }
        if traits.isDisjoint(with: [.escapes, .nonASCII]) { return true }
        if traits.contains(.escapes), member.first == UInt8(ascii: "{") || member.first == UInt8(ascii: "[") { return false }
        return JSONScanner.isPortable(body, member.value, traits: traits)
    }

    /// Writes a timestamp or date column's string: copied when it is already what `UTCTimestamp` writes
    /// (Graph's `2026-11-19T17:29:40Z`), converted otherwise; false when it is not a timestamp.
    private func writeTimestamp(_ member: JSONMember, asDate: Bool, body: [UInt8], to out: inout [UInt8]) -> Bool {
        let text = member.value.lowerBound + 1..<member.value.upperBound - 1
        if !asDate, CanonicalTimestamp.matches(body, text) {
            JSONScanner.append(body, member.value, to: &out)
            return true
        }
        // Escaped text is not what the bytes say; the generic path decodes it first.
        guard !member.traits.contains(.escapes) else { return false }
        if CanonicalTimestamp.appendNormalized(body, text, asDate: asDate, to: &out) { return true }
        guard let stamp = UTCTimestamp(parsing: String(decoding: body[text], as: UTF8.self)) else { return false }
        JSONWriter.writeString(asDate ? stamp.dateText : stamp.iso8601, into: &out)
        return true
    }

    /// Whether every element of the array is a string or null, which an `array<string>` column keeps as is.
    private func allStrings(_ member: JSONMember, body: [UInt8], work: inout Workspace) -> Bool {
        guard JSONScanner.elements(of: body, array: member.value, into: &work.nested) else { return false }
        return work.nested.allSatisfy { $0.first == UInt8(ascii: "\"") || $0.first == UInt8(ascii: "n") }
    }

    /// `-?(0|[1-9][0-9]*)` in at most 15 bytes: what the parser reads exactly and an `int` column writes back
    /// unchanged.
    static func isShortInteger(_ range: Range<Int>, in body: [UInt8]) -> Bool {
        guard range.count <= 15 else { return false }
        var index = range.lowerBound
        if body[index] == UInt8(ascii: "-") { index += 1 }
        guard index < range.upperBound else { return false }
        if body[index] == UInt8(ascii: "0") { return index + 1 == range.upperBound }
        while index < range.upperBound {
            guard body[index] >= UInt8(ascii: "0") && body[index] <= UInt8(ascii: "9") else { return false }
            index += 1
        }
        return true
    }

    /// A JSON number without exponent, of modest length: it reads back as the same finite double. Numbers
    /// with exponents can overflow to infinity, which the generic path writes as null.
    static func isPlainNumber(_ range: Range<Int>, in body: [UInt8]) -> Bool {
        guard range.count <= 40 else { return false }
        var index = range.lowerBound
        if body[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let start = index
            while index < range.upperBound, body[index] >= UInt8(ascii: "0"), body[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - start
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || body[integerStart] != UInt8(ascii: "0") else { return false }
        if index < range.upperBound, body[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        return index == range.upperBound
    }
}
