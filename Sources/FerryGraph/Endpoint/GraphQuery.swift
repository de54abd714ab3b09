/// Builds Graph request URLs: the version segment, a path, and OData query options.
public struct GraphQuery: Sendable, Equatable {
    public var path: String
    public var select: [String] = []
    public var top: Int?
    public var filter: String?
    /// Further parameters, such as `startDateTime` for calendarView.
    public var parameters: [(name: String, value: String)] = []

    public init(path: String, select: [String] = [], top: Int? = nil, filter: String? = nil) {
        self.path = path
        self.select = select
        self.top = top
        self.filter = filter
    }

    public static func == (lhs: GraphQuery, rhs: GraphQuery) -> Bool {
        lhs.url(base: "") == rhs.url(base: "")
    }

    /// The absolute URL under `base` (`https://graph.microsoft.com`), for API version v1.0.
    public func url(base: String) -> String {
        var options: [String] = []
        if !select.isEmpty { options.append("$select=" + select.map(FormEncoding.percentEncode).joined(separator: ",")) }
        if let top { options.append("$top=\(top)") }
        if let filter { options.append("$filter=" + FormEncoding.percentEncode(filter)) }
        for parameter in parameters {
            options.append(FormEncoding.percentEncode(parameter.name) + "=" + FormEncoding.percentEncode(parameter.value))
        }
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let slash = path.hasPrefix("/") ? "" : "/"
        return trimmedBase + "/v1.0" + slash + path + (options.isEmpty ? "" : "?" + options.joined(separator: "&"))
    }

    /// `path` with `{id}` replaced by a percent-encoded id.
    public static func expand(_ template: String, id: String) -> String {
        template.split(separator: "{id}", omittingEmptySubsequences: false)
            .joined(separator: FormEncoding.percentEncode(id))
    }
}
