import FerryGraph

/// Graph refused a dataset with 403: the app registration lacks the permission the dataset needs (or its
/// admin consent). The message names the dataset, the permission its schema file gives, Graph's code and the
/// request's ids, and says where to grant it.
public struct AccessDeniedError: Error, Sendable, CustomStringConvertible {
    /// The dataset refused, or `users` / `groups` for the listing a fan-out starts from.
    public var dataset: String
    /// The permissions the dataset's schema names (`permissions:`); any one of them is enough.
    public var permissions: [String]
    /// Graph's error code: `Authorization_RequestDenied` (directory), `ErrorAccessDenied` (Outlook).
    public var code: String?
    public var trace: RequestTrace

    public init(dataset: String, permissions: [String], refusal: GraphResponseError) {
        self.dataset = dataset
        self.permissions = permissions
        code = refusal.body?.code
        trace = refusal.trace
    }

    public var description: String {
        let permission = permissions.isEmpty
            ? "the application permission it needs"
            : "the application permission " + permissions.joined(separator: " or ")
        var text = "Graph refused dataset '\(dataset)' (HTTP 403\(code.map { " \($0)" } ?? "")): the app registration lacks "
            + "\(permission), or its admin consent. Add it in the Microsoft Entra admin center (App registrations, "
            + "API permissions, Microsoft Graph, Application permissions), grant admin consent, and run again"
        if !trace.isEmpty { text += " [\(trace)]" }
        return text
    }

    /// `error` as an `AccessDeniedError` for `dataset` when it is Graph's 403, else `error` itself.
    static func mapping(_ error: any Error, dataset: String, permissions: [String]) -> any Error {
        guard let refusal = error as? GraphResponseError, refusal.status == 403 else { return error }
        return AccessDeniedError(dataset: dataset, permissions: permissions, refusal: refusal)
    }
}

extension Extraction {
    /// Runs `body`, turning Graph's 403 into an `AccessDeniedError` naming `lane`'s dataset and permissions.
    func naming<T>(_ lane: DatasetLane, _ body: () async throws -> T) async throws -> T {
        try await naming(dataset: lane.name, permissions: lane.plan.schema.permissions, body)
    }

    func naming<T>(dataset: String, permissions: [String], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw AccessDeniedError.mapping(error, dataset: dataset, permissions: permissions)
        }
    }
}
