import FerryGraph

/// Graph refused a dataset with 403: the app registration lacks the permission the dataset needs (or its
/// admin consent), or an Exchange application access policy keeps mailboxes out of its reach. The message
/// names the dataset, the permission its schema file gives or the policy, Graph's code and the request's
/// ids, and says what to change.
public struct AccessDeniedError: Error, Sendable, CustomStringConvertible {
    /// Why Graph refused.
    public enum Cause: Sendable, Equatable {
        /// The app lacks the permission (Graph refuses every mailbox, or the directory).
        case permission
        /// A mailbox is outside the app's application access policy, and the pipeline says
        /// `scope.on_access_denied: fail` (or `midway`: Graph refused it after part of it was written).
        case mailboxPolicy(midway: Bool)
        /// Every mailbox the run tried answered as outside the policy: `count` of them.
        case everyMailbox(count: Int)
    }

    /// The dataset refused, or `users` / `groups` for the listing a fan-out starts from.
    public var dataset: String
    /// The permissions the dataset's schema names (`permissions:`); any one of them is enough.
    public var permissions: [String]
    /// Graph's error code: `Authorization_RequestDenied` (directory), `ErrorAccessDenied` (Outlook).
    public var code: String?
    public var trace: RequestTrace
    public var cause: Cause

    public init(dataset: String, permissions: [String], refusal: GraphResponseError, cause: Cause = .permission) {
        self.dataset = dataset
        self.permissions = permissions
        code = refusal.body?.code
        trace = refusal.trace
        self.cause = cause
    }

    /// True when Graph's answer says an application access policy, not a missing permission, refused it.
    public var isMailboxPolicy: Bool { cause != .permission }

    public var description: String {
        let permission = permissions.isEmpty
            ? "the application permission it needs"
            : "the application permission " + permissions.joined(separator: " or ")
        let refused = "(HTTP 403\(code.map { " \($0)" } ?? ""))"
        var text: String
        switch cause {
        case .permission:
            text = "Graph refused dataset '\(dataset)' \(refused): the app registration lacks "
                + "\(permission), or its admin consent. Add it in the Microsoft Entra admin center (App registrations, "
                + "API permissions, Microsoft Graph, Application permissions), grant admin consent, and run again"
        case .mailboxPolicy(midway: true):
            text = "Graph refused a mailbox of dataset '\(dataset)' \(refused) after part of it was read: an Exchange "
                + "application access policy (or RBAC for Applications) changed during the run. Run again"
        case .mailboxPolicy(midway: false):
            text = "Graph refused a mailbox of dataset '\(dataset)' \(refused): an Exchange application access policy "
                + "(or RBAC for Applications) leaves it out of the app's reach, and the pipeline says "
                + "scope.on_access_denied: fail. Add the mailbox to the policy's group, scope the pipeline to that group "
                + "(scope.users: {groups: [...]}), or remove on_access_denied: fail to skip and count such mailboxes"
        case .everyMailbox(let count):
            text = "Graph refused every mailbox of dataset '\(dataset)' (\(count) of \(count), HTTP 403"
                + "\(code.map { " \($0)" } ?? "")): an Exchange application access policy (or RBAC for Applications) "
                + "leaves none in the app's reach. Check the policy's group (Test-ApplicationAccessPolicy), or grant "
                + "\(permission) without a policy"
        }
        if !trace.isEmpty { text += " [\(trace)]" }
        return text
    }

    /// `error` as an `AccessDeniedError` for `dataset` when it is Graph's 403, else `error` itself.
    static func mapping(_ error: any Error, dataset: String, permissions: [String]) -> any Error {
        guard let refusal = error as? GraphResponseError, refusal.status == 403 else { return error }
        let cause: Cause = refusal.body?.isMailboxAccessPolicy == true ? .mailboxPolicy(midway: false) : .permission
        return AccessDeniedError(dataset: dataset, permissions: permissions, refusal: refusal, cause: cause)
    }
}

extension Extraction {
    /// Runs `body`, turning Graph's 403 into an `AccessDeniedError` naming `lane`'s dataset and permissions.
    func naming<T>(_ lane: DatasetLane, _ body: () async throws -> T) async throws -> T {
        try await naming(dataset: lane.name, permissions: lane.plan.permissions, body)
    }

    func naming<T>(dataset: String, permissions: [String], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw AccessDeniedError.mapping(error, dataset: dataset, permissions: permissions)
        }
    }
}
