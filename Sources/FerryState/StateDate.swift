import FerryCore
import Foundation

/// Instants as the database stores them: ISO 8601 in UTC with milliseconds, so text order is time order.
enum StateDate {
    static func text(_ date: Date) -> String {
        // A fixed width keeps text comparisons chronological.
        UTCTimestamp(date).iso8601Milliseconds
    }

    static func date(_ text: String) -> Date? {
        UTCTimestamp(parsing: text)?.date
    }
}
