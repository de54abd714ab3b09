/// CSV fields (RFC 4180) from the compact JSON text of values, finished in place at the end of a line.
///
/// Each field is read once, through a pointer: a string is checked for escapes and for what must be
/// quoted in the same pass, and an array or object is checked for its compact spelling while its
/// quotes and commas are counted, so that quoting it is one copy from the back.
extension LineFormat {
    /// Rewrites the JSON value at `out[start...]` as a CSV field: null empty, a string as its text,
    /// numbers and booleans as `JSONWriter` writes them, arrays and objects as their compact JSON text.
    @usableFromInline
    static func csvField(from start: Int, in out: inout [UInt8]) {
        guard start < out.count else { return }
        switch out[start] {
        case UInt8(ascii: "n"):
            out.removeSubrange(start...)
        case UInt8(ascii: "\""):
            // Read through a pointer: a slice of `out` still alive when `out` changes would copy the whole
            // buffer, which holds a page's lines, for every field.
            guard out.count - start >= 2 else { return }
            let (escaped, quoted) = out.withUnsafeBufferPointer { bytes in
                stringTraits(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(bytes.count - 1)]))
            }
            if !escaped {
                // Without escapes the text is the bytes and holds no quote: the JSON string is already the
                // quoted CSV field, and only a field that needs no quotes loses them. Nothing is copied.
                if !quoted {
                    out.removeLast()
                    out.remove(at: start)
                }
                return
            }
            // Escapes: the string's text is what the JSON says, not its bytes.
            guard case .string(let decoded)? = try? JSONScanner.parse(out, start..<out.count) else { return }
            out.removeSubrange(start...)
            appendCSVField(Array(decoded.utf8)[...], quoteEmpty: true, to: &out)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // A value copied from a page keeps the page's spelling (spaces, escapes); a CSV field holds
            // its compact JSON text, as `JSONWriter` writes it, whoever wrote the value.
            let compact = out.withUnsafeBufferPointer { compactTraits(UnsafeBufferPointer(rebasing: $0[start...])) }
            if let compact {
                // Already that text: quoted where it stands, when it holds a quote or a comma (it has no
                // line break and begins and ends with a bracket).
                if compact.quotes > 0 || compact.commas { quoteInPlace(from: start, quotes: compact.quotes, in: &out) }
                return
            }
            guard let value = try? JSONScanner.parse(out, start..<out.count) else { return }
            var json: [UInt8] = []
            JSONWriter.write(value, into: &json)
            out.removeSubrange(start...)
            appendCSVField(json[...], quoteEmpty: false, to: &out)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            break  // booleans have one spelling
        default:
            // A number as `JSONWriter` writes it: `-0.0` and `1.50` as the values they are.
            guard case .number(let number)? = try? JSONScanner.parse(out, start..<out.count) else { return }
            out.removeSubrange(start...)
            JSONWriter.writeNumber(number, into: &out)
        }
    }

    /// Appends `text` as one CSV field, quoted when it holds a comma, quote or line break, starts or ends
    /// with a space, or (with `quoteEmpty`) is empty.
    static func appendCSVField(_ text: ArraySlice<UInt8>, quoteEmpty: Bool, to out: inout [UInt8]) {
        guard needsQuotes(text, quoteEmpty: quoteEmpty) else {
            out.append(contentsOf: text)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether `text` must be quoted as a CSV field: it holds a comma, quote or line break, starts or
    /// ends with a space, or (with `quoteEmpty`) is empty.
    static func needsQuotes<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes, quoteEmpty: Bool) -> Bool {
        (quoteEmpty && text.isEmpty)
            || text.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || text.first == UInt8(ascii: " ") || text.last == UInt8(ascii: " ")
    }

    /// For the content of a JSON string (between its quotes): whether it holds an escape, and, when it
    /// does not, whether its text needs quotes as a CSV field (`needsQuotes` with `quoteEmpty`).
    ///
    /// Eight bytes at a time: ids and addresses rarely hold a byte below `-`, so most words are settled
    /// by two tests (no backslash, no byte below `-`), and only the others are looked at byte by byte.
    static func stringTraits(_ content: UnsafeBufferPointer<UInt8>) -> (escaped: Bool, quoted: Bool) {
        guard let first = content.first, let last = content.last else { return (false, true) }
        var quoted = first == UInt8(ascii: " ") || last == UInt8(ascii: " ")
        let raw = UnsafeRawBufferPointer(content)
        var index = 0
        while index + 8 <= raw.count {
            let word = JSONScanner.word(raw, index)
            if JSONScanner.contains(word, byte: UInt8(ascii: "\\")) { return (true, quoted) }
            if !quoted, JSONScanner.containsByte(word, below: UInt8(ascii: "-")) {
                quoted =
                    JSONScanner.contains(word, byte: UInt8(ascii: "\"")) || JSONScanner.contains(word, byte: UInt8(ascii: ","))
                    || JSONScanner.contains(word, byte: 0x0A) || JSONScanner.contains(word, byte: 0x0D)
            }
            index += 8
        }
        // The bytes below 64 that make a field need quotes: quote, comma, line feed, carriage return.
        let quotedBelow64: UInt64 = 1 << 0x22 | 1 << 0x2C | 1 << 0x0A | 1 << 0x0D
        while index < raw.count {
            let byte = raw[index]
            if byte < 64 {
                if quotedBelow64 >> byte & 1 != 0 { quoted = true }
            } else if byte == UInt8(ascii: "\\") {
                return (true, quoted)
            }
            index += 1
        }
        return (false, quoted)
    }

    /// Quotes the field at `out[start...]` in place, doubling its `quotes` quotes: from the back, each run
    /// of bytes between two quotes moves once, as a whole.
    static func quoteInPlace(from start: Int, quotes: Int, in out: inout [UInt8]) {
        let end = out.count
        out.append(contentsOf: repeatElement(0, count: quotes + 2))
        out.withUnsafeMutableBufferPointer { bytes in
            let base = bytes.baseAddress!
            let quote = UInt8(ascii: "\"")
            var read = end  // bytes[start..<read] are still to move
            var write = bytes.count - 1
            base[write] = quote
            for _ in 0..<quotes {
                var found = read - 1
                while base[found] != quote { found -= 1 }
                assert(found >= start, "compactTraits counted the quotes of these very bytes")
                let run = read - found - 1
                write -= run
                (base + write).update(from: base + found + 1, count: run)  // may overlap: update copies safely
                write -= 2
                base[write] = quote
                base[write + 1] = quote
                read = found
            }
            let run = read - start
            write -= run
            (base + write).update(from: base + start, count: run)
            base[write - 1] = quote
        }
    }

    /// When the array or object `field` is written exactly as `JSONWriter` would write the value it
    /// holds (no white space, no escape, and numbers only as short integers without a sign on zero), the
    /// quotes it holds and whether it holds a comma; nil for anything else (a value copied from a page
    /// with its own spelling), which is rewritten.
    static func compactTraits(_ field: UnsafeBufferPointer<UInt8>) -> (quotes: Int, commas: Bool)? {
        var inString = false
        var quotes = 0
        var commas = false
        var index = 0
        let count = field.count
        let raw = UnsafeRawBufferPointer(field)
        while index < count {
            if inString {
                // Eight bytes of a string at a time while none ends it, escapes or is a control character.
                while index + 8 <= count {
                    let word = JSONScanner.word(raw, index)
                    guard !JSONScanner.contains(word, byte: UInt8(ascii: "\"")), !JSONScanner.contains(word, byte: UInt8(ascii: "\\")),
                        !JSONScanner.containsByte(word, below: 0x20)
                    else { break }
                    index += 8
                }
                guard index < count else { break }
            }
            let byte = field[index]
            if inString {
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    quotes += 1
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                quotes += 1
            case UInt8(ascii: ","):
                commas = true
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"),
                UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e"), UInt8(ascii: "f"), UInt8(ascii: "a"),
                UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "n"):
                break  // structure and the literals true, false and null (a stray `e` is never valid JSON here)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                // An integer of at most 15 digits, not `-0` and without a leading zero, is written as is.
                var end = index + (byte == UInt8(ascii: "-") ? 1 : 0)
                let digits = end
                while end < count, field[end] >= UInt8(ascii: "0"), field[end] <= UInt8(ascii: "9") { end += 1 }
                let length = end - digits
                guard length >= 1, length <= 15, !(field[digits] == UInt8(ascii: "0") && (length > 1 || byte == UInt8(ascii: "-")))
                else { return nil }
                if end < count, field[end] == UInt8(ascii: ".") || field[end] == UInt8(ascii: "e") || field[end] == UInt8(ascii: "E") {
                    return nil
                }
                index = end
                continue
            default:
                return nil
            }
            index += 1
        }
        return inString ? nil : (quotes, commas)
    }
}
