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

    /// The client secret, when the app signs in with one; `nil` for a certificate.
    public var clientSecret: Secret? {
        if case .clientSecret(let secret) = credential { return secret }
        return nil
    }

    public init(
        cloud: Cloud, graphURL: String, loginURL: String, tenant: String, clientId: String, credential: SourceCredential
    ) {
        self.cloud = cloud
        self.graphURL = graphURL
        self.loginURL = loginURL
        self.tenant = tenant
        self.clientId = clientId
        self.credential = credential
    }

    /// A source that signs in with a client secret.
    public init(
        cloud: Cloud, graphURL: String, loginURL: String, tenant: String, clientId: String, clientSecret: Secret
    ) {
        self.init(
            cloud: cloud, graphURL: graphURL, loginURL: loginURL, tenant: tenant, clientId: clientId,
            credential: .clientSecret(clientSecret))
    }

    static let keys = ["cloud", "graph_url", "login_url", "tenant", "client_id"] + SourceCredential.keys

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
            credential: credential)
    }
}
