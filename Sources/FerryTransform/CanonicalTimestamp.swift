import FerryCore

/// Timestamps in the forms Graph sends, read and written as `UTCTimestamp` would without making strings.
///
/// Most arrive already as `UTCTimestamp.iso8601` writes them, `2026-11-19T17:29:40Z` (or with non-zero
/// milliseconds, `2026-11-19T17:29:40.250Z`), and a timestamp column copies them unchanged; event times
/// come without a zone and with seven fraction digits, and are rewritten in place.
enum CanonicalTimestamp {
    /// Whether `bytes[text]` (a string's contents) is a valid instant in exactly that form.
    static func matches(_ bytes: [UInt8], _ text: Range<Int>) -> Bool {
        guard text.count == 20 || text.count == 24, text.lowerBound >= 0, text.upperBound <= bytes.count else {
            return false
        }
        let s = text.lowerBound
        guard bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-"), bytes[s + 10] == UInt8(ascii: "T"),
            bytes[s + 13] == UInt8(ascii: ":"), bytes[s + 16] == UInt8(ascii: ":")
        else { return false }
        let year = number(bytes, s, 4)
        let month = number(bytes, s + 5, 2)
        let day = number(bytes, s + 8, 2)
        let hour = number(bytes, s + 11, 2)
        let minute = number(bytes, s + 14, 2)
        let second = number(bytes, s + 17, 2)
        guard year >= 0, month >= 1, month <= 12, day >= 1, day <= CivilCalendar.daysIn(month: month, year: year), hour >= 0, hour < 24,
            minute >= 0, minute < 60, second >= 0, second < 60
        else { return false }
        if text.count == 20 { return bytes[s + 19] == UInt8(ascii: "Z") }
        // Milliseconds are written only when they are not zero.
        let millis = number(bytes, s + 20, 3)
        return bytes[s + 19] == UInt8(ascii: ".") && millis > 0 && bytes[s + 23] == UInt8(ascii: "Z")
    }

    /// Appends, quoted, what `UTCTimestamp` would write for `bytes[text]` (its `iso8601`, or its `dateText`
    /// when `asDate`) when the text is in a form that needs no arithmetic: a date, optionally followed by
    /// `T`, hours and minutes, seconds, a fraction and `Z`, but no offset (Graph's event times,
    /// `2026-11-21T09:30:00.0000000`). Returns false, with nothing appended, for anything else.
    static func appendNormalized(_ bytes: [UInt8], _ text: Range<Int>, asDate: Bool, to out: inout [UInt8]) -> Bool {
        guard text.count >= 10, text.lowerBound >= 0, text.upperBound <= bytes.count else { return false }
        let s = text.lowerBound
        let year = number(bytes, s, 4)
        let month = number(bytes, s + 5, 2)
        let day = number(bytes, s + 8, 2)
        guard bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-"), year >= 0, month >= 1, month <= 12,
            day >= 1, day <= CivilCalendar.daysIn(month: month, year: year)
        else { return false }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        var index = s + 10
        if index < text.upperBound {
            guard text.upperBound - index >= 6, bytes[index] == UInt8(ascii: "T"), bytes[index + 3] == UInt8(ascii: ":") else {
                return false
            }
            hour = number(bytes, index + 1, 2)
            minute = number(bytes, index + 4, 2)
            guard hour >= 0, hour < 24, minute >= 0, minute < 60 else { return false }
            index += 6
            if index < text.upperBound, bytes[index] == UInt8(ascii: ":") {
                // A leap second would carry into the minute: left to UTCTimestamp.
                guard text.upperBound - index >= 3 else { return false }
                second = number(bytes, index + 1, 2)
                guard second >= 0, second < 60 else { return false }
                index += 3
                if index < text.upperBound, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    let fraction = index
                    var scale = 100
                    while index < text.upperBound, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                        millis += Int(bytes[index] - UInt8(ascii: "0")) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > fraction else { return false }
                }
            }
            if index < text.upperBound, bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") { index += 1 }
            guard index == text.upperBound else { return false }
        }
        out.append(UInt8(ascii: "\""))
        JSONScanner.append(bytes, s..<s + 10, to: &out)
        if !asDate {
            out.append(UInt8(ascii: "T"))
            appendDigits(hour, 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDigits(minute, 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDigits(second, 2, to: &out)
            if millis != 0 {
                out.append(UInt8(ascii: "."))
                appendDigits(millis, 3, to: &out)
            }
            out.append(UInt8(ascii: "Z"))
        }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// `value` in `count` decimal digits, with leading zeros.
    private static func appendDigits(_ value: Int, _ count: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / divisor % 10))
            divisor /= 10
        }
    }

    /// The decimal number in `bytes[start..<start + count]`, or -1 when a byte is not a digit.
    @inline(__always)
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        var value = 0
        for index in start..<start + count {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0 && digit <= 9 else { return -1 }
            value = value &* 10 &+ digit
        }
        return value
    }
}
