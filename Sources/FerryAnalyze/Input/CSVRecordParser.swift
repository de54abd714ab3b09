import FerryCore

/// Reads RFC 4180 CSV as Ferry's `LineFormat` writes it back into records.
///
/// An empty unquoted field is null; `""` is the empty string; a field that starts with `{` or `[`
/// is JSON text (how nested values are written); `true` and `false` are booleans; everything else,
/// numbers included, stays text (every column the analysis reads is text, a timestamp or JSON).
enum CSVRecordParser {
    static func records(_ bytes: [UInt8]) -> [ExportRecord] {
        var rows = fields(bytes)
        guard !rows.isEmpty else { return [] }
        let header = rows.removeFirst().map { $0.text ?? "" }
        return rows.compactMap { row in
            guard !(row.count == 1 && row[0].text == nil) else { return nil }
            var members: [(key: String, value: JSONValue)] = []
            for (index, name) in header.enumerated() {
                members.append((name, index < row.count ? value(of: row[index]) : .null))
            }
            return ExportRecord(.object(members))
        }
    }

    struct Field {
        var text: String?
        var quoted: Bool
    }

    private static func value(of field: Field) -> JSONValue {
        guard let text = field.text else { return .null }
        if field.quoted && text.isEmpty { return .string("") }
        if let first = text.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            if let parsed = try? JSONParser.parse(Array(text.utf8)) { return parsed }
        }
        if !field.quoted, text == "true" { return .bool(true) }
        if !field.quoted, text == "false" { return .bool(false) }
        return .string(text)
    }

    private static func fields(_ bytes: [UInt8]) -> [[Field]] {
        var rows: [[Field]] = []
        var row: [Field] = []
        var current: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var fieldStarted = false
        var index = 0
        func endField() {
            row.append(Field(text: (current.isEmpty && !quoted) ? nil : String(decoding: current, as: UTF8.self), quoted: quoted))
            current.removeAll(keepingCapacity: true)
            quoted = false
            fieldStarted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && !fieldStarted {
                inQuotes = true
                quoted = true
                fieldStarted = true
            } else if byte == UInt8(ascii: ",") {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                endField()
                rows.append(row)
                row = []
            } else {
                current.append(byte)
                fieldStarted = true
            }
            index += 1
        }
        if fieldStarted || !row.isEmpty || quoted { endField(); rows.append(row) }
        return rows
    }
}
