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
                var validator = JSONValidator(buffer: buffer)
                return try validator.checkPage()
            }
        }
        return try result.get()
    }
}

extension JSONValidator {
    /// Checks a whole document; for an object, collects the items of its first "value" member when that
    /// is an array (as `JSONValue["value"]` finds the first) and parses every other member.
    fileprivate mutating func checkPage() throws(JSONParseError) -> JSONPageScan {
        var items: [Range<Int>]?
        var itemFields: [Range<Int>]?
        var others: [(key: Range<Int>, escaped: Bool, value: Range<Int>)] = []
        skipWhitespace()
        if current == UInt8(ascii: "{") {
            try checkTopObject(items: &items, others: &others)
            if items != nil && buffer.count <= JSONMember.maximumOffset { itemFields = elementFields }
        } else {
            try checkValue(depth: 0)
        }
        skipWhitespace()
        guard index == buffer.count else { throw error("unexpected data after the document") }

        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(others.count)
        for member in others {
            let key: String
            if member.escaped {
                guard case .string(let text) = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[member.key]))
                else { continue }
                key = text
            } else {
                let text = member.key.lowerBound + 1..<member.key.upperBound - 1
                key = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[text]), as: UTF8.self)
            }
            members.append((key, try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[member.value]))))
        }
        return JSONPageScan(items: items, members: members, fields: fields, itemFields: itemFields)
    }

    /// `checkObject` at depth 0, remembering where each member is (keys with their quotes).
    private mutating func checkTopObject(
        items: inout [Range<Int>]?, others: inout [(key: Range<Int>, escaped: Bool, value: Range<Int>)]
    ) throws(JSONParseError) {
        var sawValue = false
        try checkMembers { validator, inner, escaped throws(JSONParseError) in
            let key = inner.lowerBound - 1..<inner.upperBound + 1
            let valueStart = validator.index
            if !sawValue && validator.current == UInt8(ascii: "[") && validator.isValueKey(key, escaped: escaped) {
                sawValue = true
                try validator.checkArray(depth: 1, collect: true)
                items = validator.collected
            } else {
                if !sawValue && validator.isValueKey(key, escaped: escaped) { sawValue = true }
                try validator.checkValue(depth: 1)
                others.append((key, escaped, valueStart..<validator.index))
            }
        }
    }

    private func isValueKey(_ key: Range<Int>, escaped: Bool) -> Bool {
        if escaped {
            return (try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[key]))) == .string("value")
        }
        guard key.count == 7 else { return false }
        for (offset, byte) in "\"value\"".utf8.enumerated() where buffer[key.lowerBound + offset] != byte {
            return false
        }
        return true
    }
}
