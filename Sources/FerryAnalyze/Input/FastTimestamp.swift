import FerryCore

/// Parses the timestamps Ferry writes (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`) straight from bytes,
/// without making a string; anything else goes through `UTCTimestamp(parsing:)`. Both read the same
/// instants from the same texts and refuse the same ones (a day the calendar does not have included).
enum FastTimestamp {
    static func milliseconds(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        if let fast = parse(buffer, start, end) { return fast }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        return UTCTimestamp(parsing: text)?.millisecondsSinceEpoch
    }

    private static func parse(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        guard end - start >= 20 else { return nil }
        func digit(_ i: Int) -> Int? {
            let c = b[start + i]
            return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
        }
        func number(_ i: Int, _ count: Int) -> Int? {
            var value = 0
            for k in 0..<count {
                guard let d = digit(i + k) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard b[start + 4] == UInt8(ascii: "-"), b[start + 7] == UInt8(ascii: "-"), b[start + 10] == UInt8(ascii: "T") || b[start + 10] == UInt8(ascii: " "),
              b[start + 13] == UInt8(ascii: ":"), b[start + 16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), CivilCalendar.isValid(year: year, month: month, day: day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var i = start + 19
        var millis = 0
        if i < end && b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 100
            let fraction = i
            while i < end, b[i] >= 0x30, b[i] <= 0x39 {
                millis += Int(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > fraction else { return nil }
        }
        var offset = 0
        if i + 1 == end && (b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z")) {
            offset = 0
        } else if i + 6 == end, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: ":"),
                  let h = number(i - start + 1, 2), let m = number(i - start + 4, 2) {
            offset = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)) * 1000 + Int64(millis)
    }
}
