import FerryCore

/// Converts a Graph value to a column's type: the typing half of projection.
enum ValueConversion {
    struct Failure: Error {
        var reason: String
    }

    static func convert(_ value: JSONValue, to type: ColumnType) throws(Failure) -> JSONValue {
        if case .null = value { return .null }
        switch type {
        case .json:
            return value
        case .string:
            switch value {
            case .string: return value
            case .number, .bool:
                var text: [UInt8] = []
                JSONWriter.write(value, into: &text)
                return .string(String(decoding: text, as: UTF8.self))
            default: throw mismatch(value, type)
            }
        case .int:
            switch value {
            case .number(let number) where number == number.rounded() && abs(number) < 9_007_199_254_740_992:
                return value
            case .string(let text):
                guard let number = Int64(text.trimmingSpaces) else { throw mismatch(value, type) }
                return .number(Double(number))
            default: throw mismatch(value, type)
            }
        case .double:
            switch value {
            case .number: return value
            case .string(let text):
                guard let number = Double(text.trimmingSpaces), number.isFinite else { throw mismatch(value, type) }
                return .number(number)
            default: throw mismatch(value, type)
            }
        case .bool:
            switch value {
            case .bool: return value
            case .string(let text):
                switch text.trimmingSpaces.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw mismatch(value, type)
                }
            default: throw mismatch(value, type)
            }
        case .timestamp:
            guard case .string(let text) = value, let stamp = UTCTimestamp(parsing: text) else { throw mismatch(value, type) }
            return .string(stamp.iso8601)
        case .date:
            guard case .string(let text) = value, let stamp = UTCTimestamp(parsing: text) else { throw mismatch(value, type) }
            return .string(stamp.dateText)
        case .array(let element):
            guard case .array(let elements) = value else { throw mismatch(value, type) }
            var converted: [JSONValue] = []
            converted.reserveCapacity(elements.count)
            for item in elements {
                converted.append(try convert(item, to: element))
            }
            return .array(converted)
        }
    }

    private static func mismatch(_ value: JSONValue, _ type: ColumnType) -> Failure {
        // Never the text itself: it may be personal data.
        let found = value.stringValue.map { "a string of \($0.count) characters" } ?? value.kindDescription
        return Failure(reason: "expected \(type), found \(found)")
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return text
    }
}
