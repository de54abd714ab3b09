import Foundation

/// Getting an access token failed: the token endpoint refused the credentials, was unreachable,
/// or answered something that is not a token.
///
/// The message names the endpoint, Entra ID's error code and description, and what to check; it
/// never contains the client secret or the client assertion (they are scrubbed even if the endpoint echoes
/// them), and never key material (which never leaves ``ClientCertificate``).
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

    /// Which kind of credential was refused, for the advice.
    enum CredentialKind: Sendable {
        case secret, certificate
    }

    private let credentialKind: CredentialKind

    /// - Parameter secrets: every value `detail` must not show: the client secret, or the client assertion.
    init(
        tokenURL: String, status: Int?, code: String?, detail: String, isRetryable: Bool, secrets: [String],
        credentialKind: CredentialKind = .secret
    ) {
        self.tokenURL = RedactedURL.string(tokenURL)
        self.status = status
        self.code = code.map { code in secrets.reduce(Self.scrub(code, secret: "")) { Self.scrub($0, secret: $1) } }
        // Scrubbed whole, then cut: a secret across the cut would otherwise leave its first part.
        let scrubbed = secrets.reduce(Self.scrub(detail, secret: "")) { Self.scrub($0, secret: $1) }
        self.detail = scrubbed.count > Self.longestDetail ? String(scrubbed.prefix(Self.longestDetail)) + "..." : scrubbed
        self.isRetryable = isRetryable
        self.credentialKind = credentialKind
    }

    public var description: String {
        guard let status else {
            return "could not get an access token from \(tokenURL): \(detail)"
        }
        if let code, (400..<500).contains(status), status != 429 {
            // Entra's trace ids go last, so the advice survives when a longer message is cut short.
            let (summary, trace) = Self.splitTrace(detail)
            return "the token endpoint refused the client credentials: \(code) (\(summary)). \(advice(for: code))"
                + (trace.map { " (\($0))" } ?? "")
        }
        return "the token endpoint \(tokenURL) answered HTTP \(status)\(code.map { " \($0)" } ?? ""): \(detail)"
            + (isRetryable ? ". Entra ID is unavailable or throttling; Ferry retries." : "")
    }

    private func advice(for code: String) -> String {
        let aadsts = detail.prefix(while: { $0 != ":" })
        if credentialKind == .certificate, let advice = certificateAdvice(for: code, aadsts: aadsts) { return advice }
        switch (code, aadsts) {
        case ("invalid_client", _), ("unauthorized_client", _), (_, "AADSTS700016"), (_, "AADSTS7000215"):
            return "Check source.client_id and source.client_secret"
        case (_, "AADSTS90002"), (_, "AADSTS900023"), (_, "AADSTS90023"):
            return "Check source.tenant (a tenant id or verified domain)"
        case ("invalid_scope", _), ("invalid_resource", _), (_, "AADSTS70011"), (_, "AADSTS500011"),
            (_, "AADSTS1002012"):
            return "Check source.scope: it must be the resource's application ID URI followed by /.default, which for "
                + "Graph is https://graph.microsoft.com/.default (its national clouds' own), also when source.graph_url "
                + "is a gateway or proxy in front of Graph; the default follows source.cloud"
        case (_, "AADSTS7000112"), (_, "AADSTS7000222"):
            return "The app is disabled or its secret expired: create a new secret and update source.client_secret"
        default:
            return "Check the source section of the pipeline (tenant, client_id, client_secret, cloud)"
        }
    }

    /// Advice for the refusals of a certificate credential; `nil` where the secret's advice fits as well.
    private func certificateAdvice(for code: String, aadsts: Substring) -> String? {
        switch (code, aadsts) {
        case (_, "AADSTS700027"):
            return "The certificate is not registered on the app, or the private key is not the certificate's: "
                + "upload source.certificate to the app registration (Certificates & secrets) and check "
                + "source.private_key"
        case (_, "AADSTS700024"):
            return "The client assertion is outside its valid time range: check this machine's clock (use NTP)"
        case (_, "AADSTS700023"):
            return "The assertion's audience does not match the tenant: check source.tenant and source.cloud"
        case ("invalid_client", _), ("unauthorized_client", _), (_, "AADSTS700016"), (_, "AADSTS700021"):
            return "Check source.client_id, source.certificate and source.private_key"
        case (_, "AADSTS90002"), (_, "AADSTS900023"), (_, "AADSTS90023"), ("invalid_scope", _), ("invalid_resource", _),
            (_, "AADSTS70011"), (_, "AADSTS500011"), (_, "AADSTS1002012"):
            return nil
        default:
            return "Check the source section of the pipeline (tenant, client_id, certificate, private_key, cloud)"
        }
    }

    /// Entra ID's description without its `Trace ID: ... Correlation ID: ... Timestamp: ...` tail, and the tail.
    private static func splitTrace(_ detail: String) -> (summary: String, trace: String?) {
        guard let range = detail.range(of: " Trace ID: ") else { return (detail, nil) }
        let summary = detail[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let trace = detail[range.lowerBound...].trimmingCharacters(in: .whitespaces)
        return (summary, trace)
    }

    /// The longest detail kept, after scrubbing: enough for any message an endpoint means for people.
    static let longestDetail = 500

    /// `text` with every occurrence of `secret` replaced, raw or percent-encoded (hex digits in either
    /// case, a space as `%20` or `+`), line breaks flattened.
    static func scrub(_ text: String, secret: String) -> String {
        var result = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard !secret.isEmpty else { return result }
        let encoded = FormEncoding.percentEncode(secret)
        let lowercaseHex = encoded.replacing(#/%[0-9A-F]{2}/#) { $0.output.lowercased() }
        let forms = [secret, encoded, lowercaseHex, encoded.replacingOccurrences(of: "%20", with: "+"),
            lowercaseHex.replacingOccurrences(of: "%20", with: "+")]
        for form in Set(forms).sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: form, with: "<redacted>")
        }
        return result
    }
}
