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
        Self.url(base: base, path: path, query: queryString)
    }

    /// The query options as they follow the path: `?$select=...&$top=...`, or "" when there are none.
    /// A collection's first pages share it, so `CollectionRequest` builds it once per run.
    public var queryString: String {
        var options: [String] = []
        if !select.isEmpty { options.append("$select=" + select.map(FormEncoding.percentEncode).joined(separator: ",")) }
        if let top { options.append("$top=\(top)") }
        if let filter { options.append("$filter=" + FormEncoding.percentEncode(filter)) }
        for parameter in parameters {
            options.append(FormEncoding.percentEncode(parameter.name) + "=" + FormEncoding.percentEncode(parameter.value))
        }
        return options.isEmpty ? "" : "?" + options.joined(separator: "&")
    }

    /// `base` + `/v1.0` + `path` + `query` (a `queryString`).
    static func url(base: String, path: String, query: String) -> String {
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        let slash = path.hasPrefix("/") ? "" : "/"
        return trimmedBase + "/v1.0" + slash + path + query
    }

    /// `path` with every `{id}` replaced by a percent-encoded id.
    public static func expand(_ template: String, id: String) -> String {
        let placeholder = Array("{id}".utf8)
        let template = Array(template.utf8)
        var expanded: [UInt8] = []
        expanded.reserveCapacity(template.count + id.utf8.count * 3)
        var index = 0
        while index < template.count {
            if template[index] == placeholder[0], template[index...].starts(with: placeholder) {
                FormEncoding.append(id, to: &expanded)
                index += placeholder.count
            } else {
                expanded.append(template[index])
                index += 1
            }
        }
        return String(decoding: expanded, as: UTF8.self)
    }
}
