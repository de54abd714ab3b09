import Foundation

/// The identifiers that let Microsoft support find one request in Graph's logs: the `client-request-id`
/// Ferry sends (a fresh UUID per request sent) and the `request-id` Graph answers with.
///
/// Graph echoes `client-request-id` in its answer; when a server does not, `GraphHTTPClient` adds the one
/// it sent to the response's headers, so a response always says which request it answers.
public struct RequestTrace: Sendable, Equatable, CustomStringConvertible {
    /// The header Ferry sends on every request, and Graph echoes.
    public static let clientRequestIdHeader = "client-request-id"
    /// The header Graph sets on every answer.
    public static let requestIdHeader = "request-id"

    /// Graph's id for the request, when it answered.
    public var requestId: String?
    /// Ferry's id for the request.
    public var clientRequestId: String?

    public init(requestId: String? = nil, clientRequestId: String? = nil) {
        self.requestId = requestId.map(Self.bounded)
        self.clientRequestId = clientRequestId.map(Self.bounded)
    }

    /// The ids in `response`'s headers.
    public init(of response: HTTPResponse) {
        self.init(
            requestId: response.header(Self.requestIdHeader), clientRequestId: response.header(Self.clientRequestIdHeader))
    }

    /// A new `client-request-id`: a random UUID, lower-case as Graph's SDKs send it.
    public static func newClientRequestId() -> String {
        UUID().uuidString.lowercased()
    }

    /// Whether neither id is known.
    public var isEmpty: Bool { requestId == nil && clientRequestId == nil }

    /// `request-id 1d0..., client-request-id 7c2...`, or an empty string when neither is known.
    public var description: String {
        [requestId.map { "request-id \($0)" }, clientRequestId.map { "client-request-id \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }

    /// Log metadata: `request-id` and `client-request-id`, those that are known.
    public var metadata: [String: String] {
        var metadata: [String: String] = [:]
        if let requestId { metadata[Self.requestIdHeader] = requestId }
        if let clientRequestId { metadata[Self.clientRequestIdHeader] = clientRequestId }
        return metadata
    }

    /// A header value from a server, kept to what an id can be: at most 100 printable ASCII characters,
    /// so a hostile server cannot fill messages and logs through it.
    /// Read as UTF-8 bytes, asked of every answer: every byte of a character beyond ASCII is 0x80 or more,
    /// so keeping the bytes from 0x21 to 0x7E keeps exactly the printable ASCII characters.
    private static func bounded(_ value: String) -> String {
        let printable = { (byte: UInt8) in byte >= 0x21 && byte < 0x7F }
        if value.utf8.count <= 100, value.utf8.allSatisfy(printable) { return value }
        return String(decoding: value.utf8.lazy.filter(printable).prefix(100), as: UTF8.self)
    }
}
