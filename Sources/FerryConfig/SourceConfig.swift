import Foundation

/// Where the tenant is and how Ferry signs in to it (the pipeline's `source:`).
public struct SourceConfig: Sendable {
    public var cloud: Cloud
    /// The Graph base URL without trailing `/` (`https://graph.microsoft.com`).
    public var graphURL: String
    /// The login base URL without trailing `/` (`https://login.microsoftonline.com`).
    public var loginURL: String
    public var tenant: String
    public var clientId: String
    /// The client secret, or the certificate and private key, the app signs in with.
    public var credential: SourceCredential
    /// The scope tokens are asked for (`source.scope`): the resource's application ID URI and `/.default`;
    /// by default Graph's in the cloud (`https://graph.microsoft.com/.default`), whatever `graph_url` is.
    public var scope: String

    /// The client secret, when the app signs in with one; `nil` for a certificate.
    public var clientSecret: Secret? {
        if case .clientSecret(let secret) = credential { return secret }
        return nil
    }

    /// - Parameter scope: nil is the cloud's Graph scope (`Cloud.defaultScope`).
    public init(
        cloud: Cloud, graphURL: String, loginURL: String, tenant: String, clientId: String, credential: SourceCredential,
        scope: String? = nil
    ) {
        self.cloud = cloud
        self.graphURL = graphURL
        self.loginURL = loginURL
        self.tenant = tenant
        self.clientId = clientId
        self.credential = credential
        self.scope = scope ?? cloud.defaultScope
    }

    /// A source that signs in with a client secret.
    public init(
        cloud: Cloud, graphURL: String, loginURL: String, tenant: String, clientId: String, clientSecret: Secret
    ) {
        self.init(
            cloud: cloud, graphURL: graphURL, loginURL: loginURL, tenant: tenant, clientId: clientId,
            credential: .clientSecret(clientSecret))
    }

    static let keys = ["cloud", "graph_url", "login_url", "scope", "tenant", "client_id"] + SourceCredential.keys

    /// Reads `source:`; `nil` when something is wrong (reported to `reader`).
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> SourceConfig? {
        let path = "source"
        guard
            let mapping = reader.mapping(
                node, at: path, keys: keys, required: ["tenant", "client_id"])
        else { return nil }
        var cloud: Cloud? = .global
        if let node = mapping["cloud"] {
            cloud = reader.choice(node, at: "source.cloud", of: Cloud.self)
        }
        let tenant = mapping["tenant"].flatMap { reader.string($0, at: "source.tenant") }
        let clientId = mapping["client_id"].flatMap { reader.string($0, at: "source.client_id") }
        let credential = SourceCredential.read(mapping, reader: &reader)
        let scope = mapping["scope"].flatMap { readScope($0, reader: &reader) }

        var urls = cloud?.endpoints.map { ["graph_url": $0.graph, "login_url": $0.login] } ?? [:]
        for key in ["graph_url", "login_url"] {
            let keyPath = "source.\(key)"
            guard let node = mapping[key] else {
                if cloud == .custom {
                    reader.error("missing required key '\(keyPath)' (cloud: custom needs it)", at: mapping.position)
                }
                continue
            }
            if let cloud, cloud != .custom {
                reader.error(
                    "'\(keyPath)' is only used with cloud: custom (cloud \(cloud.rawValue) has its own endpoints); "
                        + "remove it or set 'source.cloud' to custom",
                    at: node.position)
                continue
            }
            guard let text = reader.string(node, at: keyPath) else { continue }
            switch EndpointURL.normalize(text, at: keyPath, shown: reader.quoted(text, of: node)) {
            case .success(let url): urls[key] = url
            case .failure(let problem): reader.error(problem.message, at: node.position)
            }
        }
        guard let cloud, let graphURL = urls["graph_url"], let loginURL = urls["login_url"], let tenant, let clientId,
            let credential
        else { return nil }
        return SourceConfig(
            cloud: cloud, graphURL: graphURL, loginURL: loginURL, tenant: tenant, clientId: clientId,
            credential: credential, scope: scope)
    }

    /// `source.scope`: one `<application ID URI>/.default`, as the client-credentials grant requires.
    private static func readScope(_ node: YAMLNode, reader: inout ConfigReader) -> String? {
        guard let text = reader.string(node, at: "source.scope") else { return nil }
        let scope = text.trimmingCharacters(in: .whitespaces)
        guard scope.hasSuffix("/.default"), scope.count > "/.default".count,
            !scope.contains(where: { $0.isWhitespace || $0.isNewline })
        else {
            reader.error(
                "'source.scope' must be one resource's application ID URI followed by /.default, such as "
                    + "https://graph.microsoft.com/.default (the client-credentials grant takes no other form), not "
                    + reader.quoted(text, of: node),
                at: node.position)
            return nil
        }
        return scope
    }
}
