/// What the client-credentials grant needs: the app's identity in a tenant, its credential and the Graph scope.
///
/// `description` never shows the secret or the key, so logging the value is safe.
public struct ClientCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How the app proves its identity.
    public enum Credential: Sendable {
        /// A client secret, sent as `client_secret`. Never logged, never put in an error.
        case secret(String)
        /// A certificate whose key signs a fresh JWT client assertion for every token request.
        case certificate(ClientCertificate)
    }

    /// The Entra ID authority, e.g. `https://login.microsoftonline.com` (national clouds differ).
    public var loginURL: String
    /// The tenant id (a GUID) or a verified domain.
    public var tenant: String
    /// The app registration's application (client) id.
    public var clientId: String
    /// The app's client secret or certificate.
    public var credential: Credential
    /// `<graphURL>/.default`, e.g. `https://graph.microsoft.com/.default`.
    public var scope: String

    public init(
        loginURL: String = "https://login.microsoftonline.com", tenant: String, clientId: String,
        credential: Credential, scope: String = "https://graph.microsoft.com/.default"
    ) {
        self.loginURL = loginURL
        self.tenant = tenant
        self.clientId = clientId
        self.credential = credential
        self.scope = scope
    }

    /// Credentials with a client secret.
    public init(
        loginURL: String = "https://login.microsoftonline.com", tenant: String, clientId: String,
        clientSecret: String, scope: String = "https://graph.microsoft.com/.default"
    ) {
        self.init(loginURL: loginURL, tenant: tenant, clientId: clientId, credential: .secret(clientSecret), scope: scope)
    }

    /// Credentials with a certificate (see ``ClientCertificate``).
    public init(
        loginURL: String = "https://login.microsoftonline.com", tenant: String, clientId: String,
        certificate: ClientCertificate, scope: String = "https://graph.microsoft.com/.default"
    ) {
        self.init(
            loginURL: loginURL, tenant: tenant, clientId: clientId, credential: .certificate(certificate), scope: scope)
    }

    /// `{loginURL}/{tenant}/oauth2/v2.0/token`, also the `aud` of client assertions.
    public var tokenURL: String {
        var base = Substring(loginURL)
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(FormEncoding.percentEncode(tenant))/oauth2/v2.0/token"
    }

    public var description: String {
        let shown: String
        switch credential {
        case .secret: shown = "clientSecret: <redacted>"
        case .certificate(let certificate): shown = "certificate: x5t#S256 \(certificate.thumbprint)"
        }
        return "ClientCredentials(tenant: \(tenant), clientId: \(clientId), \(shown), scope: \(scope))"
    }

    public var debugDescription: String { description }

    /// Without the credential, so `dump` and reflection-based printing cannot reach the secret.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["tenant": tenant, "clientId": clientId, "credential": "<redacted>", "scope": scope],
            displayStyle: .struct)
    }
}
