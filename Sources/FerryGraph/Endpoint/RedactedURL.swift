/// URLs made safe for errors and logs: no user info, no values of secret-looking query parameters.
///
/// `$skiptoken`, `$deltatoken`, SAS `sig` and the like are opaque credentials or cursors; error
/// messages need the path and the parameter names, never those values.
enum RedactedURL {
    /// Query parameter names whose values are hidden when their lower-cased name contains one of these.
    static let secretMarkers = ["token", "sig", "secret", "key", "code", "password", "assertion"]
    /// Messages stay readable: longer URLs are cut.
    static let maxLength = 400

    static func string(_ url: String) -> String {
        var text = Substring(url)
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        var base = text
        var query: Substring?
        if let mark = text.firstIndex(of: "?") {
            base = text[..<mark]
            query = text[text.index(after: mark)...]
        }
        var result = stripUserInfo(base)
        if let query {
            let parts = query.split(separator: "&", omittingEmptySubsequences: false).map(redact)
            result += "?" + parts.joined(separator: "&")
        }
        if result.count > maxLength { result = String(result.prefix(maxLength)) + "..." }
        return result
    }

    /// `url` without user info, query and fragment: how a link Ferry refuses is named, since its query
    /// (a `$skiptoken`, a signature) may be anything a hostile server chose.
    static func withoutQuery(_ url: String) -> String {
        let end = url.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? url.endIndex
        let result = stripUserInfo(url[..<end])
        return result.count > maxLength ? String(result.prefix(maxLength)) + "..." : result
    }

    private static func stripUserInfo(_ base: Substring) -> String {
        guard let scheme = base.range(of: "://") else { return String(base) }
        let authorityStart = scheme.upperBound
        let authorityEnd = base[authorityStart...].firstIndex(of: "/") ?? base.endIndex
        guard let at = base[authorityStart..<authorityEnd].lastIndex(of: "@") else { return String(base) }
        return String(base[..<authorityStart]) + String(base[base.index(after: at)...])
    }

    private static func redact(_ pair: Substring) -> String {
        guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
        let name = pair[..<equals].lowercased()
        guard secretMarkers.contains(where: { name.contains($0) }) else { return String(pair) }
        return String(pair[..<equals]) + "=<redacted>"
    }
}
