/// The Microsoft cloud a tenant lives in, which fixes its login and Graph endpoints.
public enum Cloud: String, Sendable, CaseIterable {
    case global, usgov, usgovdod, china
    /// Endpoints given in the pipeline (`graph_url`, `login_url`), such as the tenant simulator.
    case custom

    /// The scope a token for Graph is asked with: Graph's application ID URI in this cloud followed by
    /// `/.default`, the only form Entra ID accepts for the client-credentials grant. A `custom` endpoint (the
    /// simulator, a gateway or proxy in front of Graph) gets global Graph's; `source.scope` overrides it.
    var defaultScope: String {
        (endpoints ?? Cloud.global.endpoints!).graph + "/.default"
    }

    /// The national cloud's Graph and login endpoints; `nil` for `custom`.
    var endpoints: (graph: String, login: String)? {
        switch self {
        case .global: ("https://graph.microsoft.com", "https://login.microsoftonline.com")
        case .usgov: ("https://graph.microsoft.us", "https://login.microsoftonline.us")
        case .usgovdod: ("https://dod-graph.microsoft.us", "https://login.microsoftonline.us")
        case .china: ("https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn")
        case .custom: nil
        }
    }
}
