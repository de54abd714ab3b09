import Foundation

/// Takes out of log text what must never be logged: the secrets it was told of (a client secret, the
/// pseudonymization key), anything shaped like an access token (a JWT, a `Bearer` credential), and
/// anything shaped like an e-mail address (a raw personal value).
///
/// Ferry's own messages hold none of these; this is the net under them, for text that came from
/// elsewhere (an error message Graph or Entra ID wrote, a URL, a file name).
public struct LogRedactor: Sendable {
    /// What a secret becomes.
    public static let secretMark = "<redacted>"
    /// What an e-mail address becomes.
    public static let addressMark = "<address>"

    private let secrets: [String]

    /// - Parameter secrets: values to take out wherever they appear; those shorter than 4 characters are
    ///   ignored, as they would take ordinary words out with them (a real secret is longer).
    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `text` without secrets, tokens or addresses.
    public func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.secretMark)
        }
        guard text.contains("eyJ") || text.contains("@") || text.contains("%40") || text.localizedCaseInsensitiveContains("bearer") else { return text }
        text = text.replacing(Self.jwt, with: Self.secretMark)
        text = text.replacing(Self.bearer, with: "Bearer \(Self.secretMark)")
        text = text.replacing(Self.address, with: Self.addressMark)
        return text
    }

    /// Three base64url segments, the first a JSON header (`eyJ` is `{"`).
    nonisolated(unsafe) private static let jwt = #/eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]*)?/#
    nonisolated(unsafe) private static let bearer = #/(?i)bearer\s+[A-Za-z0-9_\-\.~\+/=]+/#
    /// A local part and a dotted domain, letters of any script in both; percent-encoded `@` (`%40`) in URLs
    /// too; a guest's UPN (`alice_gmail.com#EXT#@contoso.onmicrosoft.com`) whole.
    nonisolated(unsafe) private static let address = #/[\p{L}\p{N}._%+\-'#]+(@|%40)[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+/#
}
