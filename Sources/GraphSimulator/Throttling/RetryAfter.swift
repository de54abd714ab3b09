/// The text of a `Retry-After` header: whole seconds, or below ten seconds a decimal (`0.25`, `1.5`), as Graph
/// sometimes sends; clients must accept both.
enum RetryAfter {
    static func format(_ seconds: Double, fractional: Bool) -> String {
        let value = max(0, seconds.isFinite ? seconds : 0)
        guard fractional, value < 10 else { return String(max(1, Int(value.rounded(.up)))) }
        let thousandths = max(1, Int((value * 1000).rounded(.up)))
        guard thousandths % 1000 != 0 else { return String(thousandths / 1000) }
        var text = String(thousandths / 1000) + "." + String(String(thousandths % 1000 + 1000).dropFirst())
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
