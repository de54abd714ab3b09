import FerryCore
import Foundation

/// Reads the `Retry-After` header Graph sends with 429 and 503.
public enum RetryAfter {
    /// How long to wait, from delay-seconds (`"5"`, Graph's fractional `"1.5"`) or an HTTP-date.
    ///
    /// A date in the past means no wait (`.zero`). Returns `nil` for anything else (negative,
    /// empty, garbage), so the caller falls back to its backoff.
    public static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard let first = text.utf8.first else { return nil }
        if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            return seconds(text)
        }
        guard let date = HTTPDate.parse(text, now: UTCTimestamp(now)) else { return nil }
        let interval = date.date.timeIntervalSince(now)
        return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
    }

    /// Digits with at most one decimal point; no sign, exponent, `inf` or `nan`.
    private static func seconds(_ text: String) -> Duration? {
        var dots = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") {
                return nil
            }
        }
        guard dots <= 1, text.last != ".", let seconds = Double(text), seconds.isFinite else { return nil }
        // A year is far past any sane wait; the clamp only keeps the conversion in range.
        let clamped = min(seconds, 365 * 24 * 3600)
        return .nanoseconds(Int64((clamped * 1e9).rounded()))
    }
}
