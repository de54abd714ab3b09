import FerryCore
import Foundation

/// Instants as the database stores them: ISO 8601 in UTC with milliseconds, so text order is time order.
enum StateDate {
    static func text(_ date: Date) -> String {
        let text = UTCTimestamp(date).iso8601
        // UTCTimestamp leaves out a zero fraction; a fixed width keeps text comparisons chronological.
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    static func date(_ text: String) -> Date? {
        UTCTimestamp(parsing: text)?.date
    }
}
