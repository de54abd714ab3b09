extension JSONPageScan {
    /// The top-level members of item `index` of the page `body`: those the scan recorded, or found
    /// again when it kept no positions; nil when the item is not an object.
    public func members(ofItem index: Int, in body: [UInt8]) -> [JSONMember]? {
        guard let items, items.indices.contains(index) else { return nil }
        if let itemFields, itemFields.count == items.count, itemFields[index].upperBound <= fields.count,
            !itemFields[index].isEmpty
        {
            return Array(fields[itemFields[index]])
        }
        var members: [JSONMember] = []
        guard JSONScanner.members(of: body, object: items[index], into: &members) else { return nil }
        return members
    }

    /// The member of item `index` named `key` (the last one, as the projection reads it), if the item is
    /// an object that has it. A key written with escapes (`"userT\u0079pe"`) is matched by its text, as
    /// every reader of the record does. Reads the scan's own record of the item's members without copying
    /// it; only an item the scan kept no positions for is walked again.
    ///
    /// Called for every record (its `id`), so a plain key is compared in place: no array is made of it.
    public func member(_ key: String, ofItem index: Int, in body: [UInt8]) -> JSONMember? {
        guard let items, items.indices.contains(index) else { return nil }
        let name = key
        var key = key
        return key.withUTF8 { wanted in
            body.withUnsafeBytes { bytes in
                func matches(_ member: JSONMember) -> Bool {
                    guard !member.keyHasEscapes else { return JSONScanner.keyText(body, member.key) == name }
                    guard member.key.count == wanted.count, member.key.lowerBound >= 0, member.key.upperBound <= bytes.count
                    else { return false }
                    return UnsafeRawBufferPointer(rebasing: bytes[member.key]).elementsEqual(UnsafeRawBufferPointer(wanted))
                }
                if let itemFields, itemFields.count == items.count, itemFields[index].upperBound <= fields.count,
                    !itemFields[index].isEmpty
                {
                    return fields[itemFields[index]].last(where: matches)
                }
                return members(ofItem: index, in: body)?.last(where: matches)
            }
        }
    }

    /// The text of item `index`'s string member `key`; nil when it is missing or not a string.
    public func string(_ key: String, ofItem index: Int, in body: [UInt8]) -> String? {
        guard let member = member(key, ofItem: index, in: body), member.first == UInt8(ascii: "\"") else { return nil }
        let value = member.value
        guard member.traits.contains(.escapes) else {
            return String(decoding: body[(value.lowerBound + 1)..<(value.upperBound - 1)], as: UTF8.self)
        }
        guard case .string(let text)? = try? JSONScanner.parse(body, value) else { return nil }
        return text
    }
}
