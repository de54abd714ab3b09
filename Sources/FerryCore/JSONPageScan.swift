/// The layout of one Graph collection page, found without building its items.
///
/// A page is `{"@odata.context": ..., "value": [item, ...], "@odata.nextLink": ...}`. Scanning checks the
/// whole body as strictly as `JSONParser` does but builds only the small members around the items;
/// each item stays bytes, for `LineProjector` to read just the properties a schema needs.
public struct JSONPageScan: Sendable {
    /// Byte ranges in the body of each element of the top-level "value" array, in order;
    /// nil when the body is not an object or has no "value" array.
    public var items: [Range<Int>]?
    /// Every other top-level member, parsed (e.g. "@odata.context", "@odata.nextLink",
    /// "@odata.deltaLink"); these are small.
    public var members: [(key: String, value: JSONValue)]
    /// The top-level members of the items that are objects, found while checking them, end to end.
    public var fields: [JSONMember]
    /// For each item, the positions of its members in `fields`; empty for an item that is not an object
    /// (or an empty one), and `nil` when `items` is or the body is too large to record positions of.
    public var itemFields: [Range<Int>]?

    public init(
        items: [Range<Int>]?, members: [(key: String, value: JSONValue)], fields: [JSONMember] = [],
        itemFields: [Range<Int>]? = nil
    ) {
        self.items = items
        self.members = members
        self.fields = fields
        self.itemFields = itemFields
    }

    /// The value of the top-level member `key` other than "value", if the page has it.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// Scans a whole response body. Throws for any malformed JSON, exactly where JSONParser.parse would
    /// (truncated bodies, bad escapes, bad literals/numbers, trailing garbage, too-deep nesting), since a
    /// page cut off in transit must be detected and fetched again.
    public static func scan(_ body: [UInt8]) throws(JSONParseError) -> JSONPageScan {
        let result = body.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONPageScan in
                var reader = JSONReader(buffer: buffer)
                var layout = PageLayout()
                return try reader.readPage(into: &layout)
            }
        }
        return try result.get()
    }

    /// Scans the page that `buffer` starts with, as `scan` scans a whole body, and returns it with the
    /// offset where the page ends; whatever follows it is not read. Ranges are relative to the buffer's
    /// start. Nil for anything `scan` would refuse: a caller that cannot tell where the page ends falls
    /// back to finding its end and scanning it whole. For a `$batch` answer, whose items' bodies are pages:
    /// each is checked while the answer is read instead of in a second pass over the same bytes.
    public static func scan(prefixOf buffer: UnsafeRawBufferPointer) -> (scan: JSONPageScan, end: Int)? {
        // The decision to record each item's members depends on the buffer's size, as in `scan`: equal
        // for the prefix and the page alone only while both are within the bound.
        guard buffer.count <= JSONMember.maximumOffset, buffer.first == UInt8(ascii: "{") else { return nil }
        var reader = JSONReader(buffer: buffer)
        var layout = PageLayout()
        guard let scan = try? reader.readPage(into: &layout, wholeDocument: false) else { return nil }
        return (scan, reader.index)
    }
}

/// What scanning a page collects besides checking it: where the items and their members are.
private struct PageLayout {
    /// The element ranges of the "value" array.
    var items: [Range<Int>] = []
    /// The members of those elements that are objects, end to end, and where each element's are.
    var fields: [JSONMember] = []
    var itemFields: [Range<Int>] = []
}

extension JSONReader {
    /// Checks a whole document; for an object, collects the items of its first "value" member when that
    /// is an array (as `JSONValue["value"]` finds the first) and parses every other member.
    /// With `wholeDocument` false, reading stops right after the value, whatever follows.
    fileprivate mutating func readPage(into layout: inout PageLayout, wholeDocument: Bool = true) throws(JSONParseError) -> JSONPageScan {
        var items: [Range<Int>]?
        var itemFields: [Range<Int>]?
        var others: [(key: Range<Int>, escaped: Bool, value: Range<Int>)] = []
        skipWhitespace()
        if current == UInt8(ascii: "{") {
            try readTopObject(items: &items, others: &others, layout: &layout)
            if items != nil && buffer.count <= JSONMember.maximumOffset { itemFields = layout.itemFields }
        } else {
            try readValue(JSONChecker.self, depth: 0)
        }
        if wholeDocument { try expectEnd() }

        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(others.count)
        for member in others {
            let key = JSONString.decode(member.key, escaped: member.escaped, in: buffer)
            members.append((key, try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[member.value]))))
        }
        return JSONPageScan(items: items, members: members, fields: layout.fields, itemFields: itemFields)
    }

    /// An object at depth 0, remembering where each member is (keys inside their quotes).
    private mutating func readTopObject(
        items: inout [Range<Int>]?, others: inout [(key: Range<Int>, escaped: Bool, value: Range<Int>)],
        layout: inout PageLayout
    ) throws(JSONParseError) {
        var sawValue = false
        try readMembers { reader, key, escaped throws(JSONParseError) in
            let valueStart = reader.index
            let isValue = !sawValue && reader.isValueKey(key, escaped: escaped)
            if isValue { sawValue = true }
            if isValue && reader.current == UInt8(ascii: "[") {
                try reader.readItems(depth: 1, into: &layout)
                items = layout.items
            } else {
                try reader.readValue(JSONChecker.self, depth: 1)
                others.append((key, escaped, valueStart..<reader.index))
            }
        }
    }

    /// The "value" array: each element's range, and for objects their members, with what their values hold.
    private mutating func readItems(depth: Int, into layout: inout PageLayout) throws(JSONParseError) {
        let recordsFields = buffer.count <= JSONMember.maximumOffset
        try readElements { reader throws(JSONParseError) in
            let start = reader.index
            let fieldStart = layout.fields.count
            if recordsFields && reader.current == UInt8(ascii: "{") {
                try reader.readItemObject(depth: depth + 1, into: &layout.fields)
            } else {
                try reader.readValue(JSONChecker.self, depth: depth + 1)
            }
            layout.items.append(start..<reader.index)
            layout.itemFields.append(fieldStart..<layout.fields.count)
        }
    }

    /// What `readValue` does with an object, appending each member to `fields`.
    private mutating func readItemObject(depth: Int, into fields: inout [JSONMember]) throws(JSONParseError) {
        guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
        try readMembers { reader, key, keyEscaped throws(JSONParseError) in
            let valueStart = reader.index
            reader.traits = []
            try reader.readValue(JSONChecker.self, depth: depth + 1)
            fields.append(
                JSONMember(
                    key: key, value: valueStart..<reader.index, first: reader.buffer[valueStart],
                    keyHasEscapes: keyEscaped, traits: reader.traits))
        }
    }

    private func isValueKey(_ key: Range<Int>, escaped: Bool) -> Bool {
        if escaped { return JSONString.decode(key, escaped: true, in: buffer) == "value" }
        guard key.count == 5 else { return false }
        for (offset, byte) in "value".utf8.enumerated() where buffer[key.lowerBound + offset] != byte {
            return false
        }
        return true
    }
}
