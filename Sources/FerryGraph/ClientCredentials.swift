/// What the client-credentials grant needs: the app's identity in a tenant and the Graph scope.
///
/// `description` never shows the secret, so logging the value is safe.
public struct ClientCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The Entra ID authority, e.g. `https://login.microsoftonline.com` (national clouds differ).
    public var loginURL: String
    /// The tenant id (a GUID) or a verified domain.
    public var tenant: String
    /// The app registration's application (client) id.
    public var clientId: String
    /// The app's client secret. Never logged, never put in an error.
    public var clientSecret: String
    /// `<graphURL>/.default`, e.g. `https://graph.microsoft.com/.default`.
    public var scope: String

    public init(
        loginURL: String = "https://login.microsoftonline.com", tenant: String, clientId: String,
        clientSecret: String, scope: String = "https://graph.microsoft.com/.default"
    ) {
        self.loginURL = loginURL
        self.tenant = tenant
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scope = scope
    }

    /// `{loginURL}/{tenant}/oauth2/v2.0/token`.
    public var tokenURL: String {
        var base = Substring(loginURL)
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(FormEncoding.percentEncode(tenant))/oauth2/v2.0/token"
    }

    public var description: String {
        "ClientCredentials(tenant: \(tenant), clientId: \(clientId), clientSecret: <redacted>, scope: \(scope))"
    }

    public var debugDescription: String { description }
}
