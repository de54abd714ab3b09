import Foundation

/// Getting an access token failed: the token endpoint refused the credentials, was unreachable,
/// or answered something that is not a token.
///
/// The message names the endpoint, Entra ID's error code and description, and what to check; it
/// never contains the client secret (it is scrubbed even if the endpoint echoes it).
public struct TokenError: Error, CustomStringConvertible, Sendable {
    /// The token endpoint asked.
    public var tokenURL: String
    /// The HTTP status, when the endpoint answered.
    public var status: Int?
    /// Entra ID's error code (`invalid_client`), when it sent one.
    public var code: String?
    /// What went wrong, secret removed.
    public var detail: String
    /// Whether asking again later may succeed (network errors, 429, 5xx).
    public var isRetryable: Bool

    init(tokenURL: String, status: Int?, code: String?, detail: String, isRetryable: Bool, secret: String) {
        self.tokenURL = RedactedURL.string(tokenURL)
        self.status = status
        self.code = code
        self.detail = Self.scrub(detail, secret: secret)
        self.isRetryable = isRetryable
    }

    public var description: String {
        guard let status else {
            return "could not get an access token from \(tokenURL): \(detail)"
        }
        if let code, (400..<500).contains(status), status != 429 {
            return "the token endpoint refused the client credentials: \(code) (\(detail)). \(advice(for: code))"
        }
        return "the token endpoint \(tokenURL) answered HTTP \(status)\(code.map { " \($0)" } ?? ""): \(detail)"
            + (isRetryable ? ". Entra ID is unavailable or throttling; Ferry retries." : "")
    }

    private func advice(for code: String) -> String {
        let aadsts = detail.prefix(while: { $0 != ":" })
        switch (code, aadsts) {
        case ("invalid_client", _), ("unauthorized_client", _), (_, "AADSTS700016"), (_, "AADSTS7000215"):
            return "Check source.client_id and source.client_secret"
        case (_, "AADSTS90002"), (_, "AADSTS900023"), (_, "AADSTS90023"):
            return "Check source.tenant (a tenant id or verified domain)"
        case ("invalid_scope", _), (_, "AADSTS70011"), (_, "AADSTS500011"):
            return "Check source.cloud or source.graph_url: the scope must be the Graph URL followed by /.default"
        case (_, "AADSTS7000112"), (_, "AADSTS7000222"):
            return "The app is disabled or its secret expired: create a new secret and update source.client_secret"
        default:
            return "Check the source section of the pipeline (tenant, client_id, client_secret, cloud)"
        }
    }

    /// `text` with every occurrence of `secret` (raw or percent-encoded) replaced, line breaks flattened.
    static func scrub(_ text: String, secret: String) -> String {
        var result = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard !secret.isEmpty else { return result }
        for form in Set([secret, FormEncoding.percentEncode(secret)]) {
            result = result.replacingOccurrences(of: form, with: "<redacted>")
        }
        return result
    }
}
