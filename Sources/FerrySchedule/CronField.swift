/// One of the five fields: its name, bounds and value names.
struct CronField: Sendable {
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]

    static let all: [CronField] = [
        CronField(name: "minute", range: 0...59, names: [:]),
        CronField(name: "hour", range: 0...23, names: [:]),
        CronField(name: "day-of-month", range: 1...31, names: [:]),
        CronField(
            name: "month", range: 1...12,
            names: Dictionary(
                uniqueKeysWithValues: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
                    .enumerated().map { ($1, $0 + 1) })),
        CronField(
            name: "day-of-week", range: 0...7,
            names: Dictionary(
                uniqueKeysWithValues: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].enumerated().map { ($1, $0) })),
    ]

    /// The field's values as bits (bit n set for value n).
    func parse(_ text: String, expression: String) throws -> UInt64 {
        func fail(_ message: String) -> ScheduleError {
            ScheduleError(expression: expression, message: "\(name) field \(message)")
        }
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("'\(text)' has an empty list item") }
            let parts = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let base = parts[0]
            var step = 1
            if parts.count == 2 {
                guard let value = Int(parts[1]), value >= 1, parts[1].allSatisfy(\.isASCII) else {
                    throw fail("'\(item)' needs a whole number of at least 1 after '/'")
                }
                step = min(value, 1000)
            }
            var low: Int
            var high: Int
            if base == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
                if name == "day-of-week" { high = 6 }
            } else if let dash = base.firstIndex(of: "-") {
                low = try value(base[..<dash], item: item, fail: fail)
                high = try value(base[base.index(after: dash)...], item: item, fail: fail)
                guard low <= high else {
                    throw fail("'\(item)' is a backward range; write the smaller value first")
                }
            } else {
                low = try value(base, item: item, fail: fail)
                // "5/15" means from 5 to the end of the field, every 15.
                high = parts.count == 2 ? (name == "day-of-week" ? 6 : range.upperBound) : low
            }
            for value in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(value) }
        }
        return bits
    }

    private func value(_ text: Substring, item: Substring, fail: (String) -> ScheduleError) throws -> Int {
        if let named = names[text.uppercased()] { return named }
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text)
        else {
            let hint = names.isEmpty ? "" : " or a name such as \(name == "month" ? "JAN" : "MON")"
            throw fail("'\(item)' is not a number\(hint)")
        }
        guard range.contains(number) else {
            throw fail("'\(text)' is out of range \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}
