import FerryCore
import FerryTestSupport

/// Writes a JSON value out again in another spelling of the same value: white space between tokens,
/// characters of keys and strings as escapes (`\u00e9`, surrogate pairs, `\/`), integers with a
/// fraction or an exponent, and a key written twice, where the later value overrides an earlier decoy.
/// A record's own decoys hold strings that would leak ("zq-decoy…") if they were not overridden;
/// nested ones hold only numbers, since nested objects are written with their repeated keys, and a
/// place the schema marks as holding no personal data keeps its strings.
///
/// A JSON reader sees the same record. The byte-level path sees bytes it cannot copy as they are: it
/// must decode them, or leave the value to the generic path, and write what the generic path writes.
struct Respeller {
    var random: SeededGenerator
    /// The chance of white space before and after each token, of escaping each character, and of a decoy.
    let whiteSpace: Double
    let escape: Double
    let decoy: Double

    init(seed: UInt64, whiteSpace: Double = 0.2, escape: Double = 0.1, decoy: Double = 0.1) {
        random = SeededGenerator(seed: seed)
        self.whiteSpace = whiteSpace
        self.escape = escape
        self.decoy = decoy
    }

    mutating func bytes(of value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, depth: 0, into: &out)
        return out
    }

    private mutating func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        space(&out)
        switch value {
        case .null, .bool:
            JSONWriter.write(value, into: &out)
        case .number(let number):
            writeNumber(number, into: &out)
        case .string(let text):
            writeString(text, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, depth: depth + 1, into: &out)
            }
            space(&out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for member in members {
                var values = [member.value]
                // Only a key the object holds once: a repeated key's earlier value must stay overridden.
                if chance(decoy), members.filter({ $0.key == member.key }).count == 1 { values.insert(decoyValue(nested: depth > 0), at: 0) }
                for value in values {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    space(&out)
                    writeString(member.key, into: &out)
                    space(&out)
                    out.append(UInt8(ascii: ":"))
                    write(value, depth: depth + 1, into: &out)
                }
            }
            space(&out)
            out.append(UInt8(ascii: "}"))
        }
        space(&out)
    }

    /// A value a later one overrides: one that would leak ("zq…") or break a column if it were kept.
    private mutating func decoyValue(nested: Bool) -> JSONValue {
        if nested { return chance(0.5) ? .number(-1) : .array([.number(-1)]) }
        return switch Int.random(in: 0..<4, using: &random) {
        case 0: .string("zq-decoy@leak.example")
        case 1: .number(-1)
        case 2: .object([(key: "address", value: .string("zq-decoy@leak.example"))])
        default: .array([.string("zq decoy")])
        }
    }

    private mutating func writeNumber(_ number: Double, into out: inout [UInt8]) {
        guard number == number.rounded(), abs(number) < 1e15, chance(0.5) else {
            JSONWriter.writeNumber(number, into: &out)
            return
        }
        let integer = Int64(number)
        let digits = String(integer.magnitude)
        let sign = integer < 0 ? "-" : ""
        let spelling: String
        switch Int.random(in: 0..<3, using: &random) {
        case 0: spelling = sign + digits + ".0"
        case 1: spelling = sign + digits + "0e-1"
        default:
            // d.ddd…e±n: the same digits with the point after the first.
            let rest = digits.dropFirst()
            spelling = sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "E+\(digits.count - 1)"
        }
        out.append(contentsOf: spelling.utf8)
    }

    private mutating func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            if mustEscape || chance(escape) {
                if scalar == "/" && chance(0.5) {
                    out.append(contentsOf: Array(#"\/"#.utf8))
                } else if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x1_0000
                    appendUnicodeEscape(0xD800 + (offset >> 10), to: &out)
                    appendUnicodeEscape(0xDC00 + (offset & 0x3FF), to: &out)
                } else {
                    appendUnicodeEscape(scalar.value, to: &out)
                }
            } else {
                out.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private mutating func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        let digits = chance(0.5) ? "0123456789abcdef" : "0123456789ABCDEF"
        out.append(contentsOf: Array(#"\u"#.utf8))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(Array(digits.utf8)[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    private mutating func space(_ out: inout [UInt8]) {
        guard chance(whiteSpace) else { return }
        let spaces = [" ", "\t", "\n", "\r\n", "  "]
        out.append(contentsOf: Array(spaces[Int.random(in: 0..<spaces.count, using: &random)].utf8))
    }

    private mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
}
