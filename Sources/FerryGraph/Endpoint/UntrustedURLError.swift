/// A request the client would not send: its URL is outside the configured Graph endpoint, and every
/// request the client sends carries the access token.
///
/// Paging refuses such links with a `PagingError` first; this is the last line, for any caller.
public struct UntrustedURLError: Error, Sendable, CustomStringConvertible {
    public var method: String
    /// The URL without user info, query or fragment.
    public var url: String
    /// Why it is refused ("its host differs from source.graph_url's ...").
    public var refusal: String

    init(method: String, url: String, refusal: String) {
        self.method = method
        self.url = RedactedURL.withoutQuery(url)
        self.refusal = refusal
    }

    public var description: String {
        "refused to send \(method) \(url) with the access token: \(refusal). "
            + "Ferry sends the token only to source.graph_url; a link elsewhere did not come from Graph."
    }
}
