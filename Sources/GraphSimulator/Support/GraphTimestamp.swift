import Foundation

/// Graph's timestamp text (`2026-11-21T09:30:12Z`), written and read without Foundation formatters on hot paths.
enum GraphTimestamp {
    /// Appends `yyyy-MM-ddTHH:mm:ssZ` for whole seconds since 1970 (UTC).
    static func append(epochSeconds: Int64, to bytes: inout [UInt8]) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = Int(epochSeconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        bytes.append(count: 20) { text in
            let year = max(0, year)
            text[0] = digit(year / 1000 % 10)
            text[1] = digit(year / 100 % 10)
            text[2] = digit(year / 10 % 10)
            text[3] = digit(year % 10)
            text[4] = UInt8(ascii: "-")
            writeTwoDigits(month, at: 5, in: text)
            text[7] = UInt8(ascii: "-")
            writeTwoDigits(day, at: 8, in: text)
            text[10] = UInt8(ascii: "T")
            writeTwoDigits(secondOfDay / 3600, at: 11, in: text)
            text[13] = UInt8(ascii: ":")
            writeTwoDigits(secondOfDay / 60 % 60, at: 14, in: text)
            text[16] = UInt8(ascii: ":")
            writeTwoDigits(secondOfDay % 60, at: 17, in: text)
            text[19] = UInt8(ascii: "Z")
        }
    }

    /// The timestamp as a String, for places off the hot path.
    static func string(epochSeconds: Int64) -> String {
        var bytes: [UInt8] = []
        append(epochSeconds: epochSeconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an OData `DateTimeOffset` literal: `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)`.
    ///
    /// Returns seconds since 1970 (fraction included), or nil when the text is not such a literal.
    static func parse<S: StringProtocol>(_ text: S) -> Double? {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += count
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("T") || expect("t"), let hour = number(2), expect(":"), let minute = number(2)
        else { return nil }
        var second = 0
        if expect(":") {
            guard let parsed = number(2) else { return nil }
            second = parsed
        }
        var fraction = 0.0
        if expect(".") {
            var scale = 0.1
            let start = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                fraction += Double(bytes[position] - 48) * scale
                scale /= 10
                position += 1
            }
            guard position > start else { return nil }
        }
        var offsetSeconds = 0
        if expect("Z") || expect("z") {
            // UTC
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign = bytes[position] == UInt8(ascii: "+") ? 1 : -1
            position += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard position == bytes.count, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Double(seconds) + fraction
    }

    /// Whole seconds since 1970 of a Date, rounded down (and kept within years 0...9999).
    static func epochSeconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int64(min(max(seconds, -62_167_219_200), 253_402_300_799))
    }

    /// The two digits of a month, day, hour, minute or second (0...99), at `position`.
    private static func writeTwoDigits(_ value: Int, at position: Int, in text: UnsafeMutableBufferPointer<UInt8>) {
        text[position] = digit(value / 10 % 10)
        text[position + 1] = digit(value % 10)
    }

    private static func digit(_ value: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: 48 + value)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days algorithms (proleptic Gregorian calendar).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
