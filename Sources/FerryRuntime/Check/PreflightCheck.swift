import FerryConfig
import FerryCore
import FerryGraph
import FerryTransform
import Foundation
import Logging

/// `ferry check FILE`: a read-only preflight against the pipeline's endpoint. It obtains a token (and shows when
/// it expires), compares the permissions the pipeline needs with the token's `roles`, and sends one small
/// request per dataset on a sample user or group to confirm access. Nothing is written; no secret is shown.
public struct PreflightCheck: Sendable {
    /// What the check found, line by line, and whether the pipeline can run.
    public struct Report: Sendable {
        public var lines: [String] = []
        /// Each problem says what to grant or which policy blocks; empty when the pipeline can run.
        public var problems: [String] = []
        /// The exit status: success, or the kind of the first problem (permission, configuration, failure).
        public var status: ExitStatus = .success

        public var canRun: Bool { problems.isEmpty }
        public var text: String { lines.joined(separator: "\n") }

        mutating func problem(_ text: String, status: ExitStatus = .authentication) {
            lines.append("  problem: " + text)
            problems.append(text)
            if self.status == .success { self.status = status }
        }
    }

    /// How many users (or groups) a dataset's sample request tries before concluding.
    public static let sampleSize = 10

    public let pipeline: Pipeline
    public let logger: Logger

    public init(pipeline: Pipeline, logger: Logger) {
        self.pipeline = pipeline
        self.logger = logger
    }

    public func run(now: Date = Date()) async throws -> Report {
        var report = Report()
        report.lines.append("check of pipeline '\(pipeline.name)' against \(pipeline.source.graphURL)")
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        let plans = try pipeline.datasets.map {
            try DatasetPlan(
                selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: RunWindow(of: pipeline, now: now),
                snapshotDate: UTCTimestamp(now).dateText, runId: "check", firstRoundWindow: RunWindow(of: pipeline, now: now))
        }
        let needs = PermissionNeeds(plans: plans)
        let session = try GraphSession(source: pipeline.source, throttle: pipeline.throttle, logger: logger)
        do {
            try await session.closing { session in try await check(plans: plans, needs: needs, session: session, into: &report) }
        } catch {
            report.problem("\(error)", status: ExitStatus.of(error))
            report.lines.append("the pipeline cannot run: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
            return report
        }
        report.lines.append(
            report.canRun
                ? "ok: the pipeline can run"
                : "the pipeline cannot run: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        return report
    }

    private func check(plans: [DatasetPlan], needs: PermissionNeeds, session: GraphSession, into report: inout Report) async throws {
        // The token: its claims are read only to report, never trusted.
        let (token, expiresAt) = try await session.tokens.tokenWithExpiry()
        let claims = AccessTokenClaims(token: token)
        report.lines.append(
            "token: obtained for client \(pipeline.source.clientId) in tenant \(pipeline.source.tenant), expires "
                + UTCTimestamp(expiresAt).iso8601Seconds)
        let roles = claims.map { Set($0.roles) }
        if let claims {
            report.lines.append("roles: " + (claims.roles.isEmpty ? "none" : claims.roles.joined(separator: ", ")))
            if !claims.isAppOnly {
                report.problem(
                    "the token is not an app-only token (it has no roles claim, or a user's scp): Ferry needs application "
                        + "permissions granted with admin consent, not delegated ones")
            }
        } else {
            report.lines.append("roles: not readable (the token is not a JWT); the sample requests decide")
        }
        report.lines.append("needs (least privilege): " + needs.permissions.joined(separator: ", "))

        // The permissions, against the roles. A dataset already found wanting is not sampled again.
        var wanting: Set<String> = []
        for need in needs.needs {
            let wanted = need.permissions.joined(separator: " or ")
            guard let roles else { continue }
            if GraphPermissions.grantsAny(roles, of: need.permissions) { continue }
            wanting.insert(need.dataset)
            if let withheld = need.withheld, GraphPermissions.grants(roles, withheld.permission) {
                report.problem(
                    "\(need.dataset): keeps \(withheld.properties.joined(separator: ", ")), which \(withheld.permission) "
                        + "withholds: grant \(wanted) (and admin consent), or drop or redact the body text")
            } else {
                report.problem("\(need.dataset): needs \(wanted): grant this application permission and admin consent")
            }
        }

        // One request per dataset.
        let graphURL = pipeline.source.graphURL
        // The user directory, when exported, is the listing, under its own name and permissions.
        let listing = UserListing(
            pipeline: pipeline, usersPlan: plans.first { $0.schema.isUserDirectory && !$0.isDelta }, top: Self.sampleSize)
        var users: [String] = []
        if !wanting.contains(listing.dataset) {
            let response = try await session.client.get(listing.url, headers: listing.headers)
            if let problem = Self.refusal(response, dataset: listing.dataset, permissions: listing.permissions) {
                report.problem(problem)
            } else {
                users = Self.ids(response.body)
                report.lines.append("\(listing.dataset): sample request answered \(response.status), \(users.count) users listed")
            }
        }
        var groups: [String] = []
        let groupDirectory = plans.first { $0.schema.isGroupDirectory }
        let groupListingName = groupDirectory?.schema.name ?? "groups"
        if plans.contains(where: { $0.schema.collection.fanout == .perGroup }), !wanting.contains(groupListingName) {
            let url = CollectionRequest.groupIds(top: Self.sampleSize).url(base: graphURL)
            let response = try await session.client.get(url)
            let permissions = groupDirectory?.permissions ?? DirectoryRequests.groupListingPermissions
            if let problem = Self.refusal(response, dataset: groupListingName, permissions: permissions) {
                report.problem(problem)
            } else {
                groups = Self.ids(response.body)
            }
        }
        for plan in plans where !(plan.schema.isUserDirectory && !plan.isDelta) && !wanting.contains(plan.schema.name) {
            let name = plan.schema.name
            // The run's first request, for one item.
            let request = plan.request.limited(to: 1)
            switch plan.schema.collection.fanout {
            case .tenant:
                let response = try await session.client.get(request.firstRequestURL(base: graphURL, owner: nil), headers: request.headers)
                if let problem = Self.refusal(response, dataset: name, permissions: plan.permissions) {
                    report.problem(problem)
                } else {
                    report.lines.append("\(name): sample request answered \(response.status)")
                }
            case .perUser, .perGroup:
                let owners = plan.schema.collection.fanout == .perUser ? users : groups
                let kind = plan.schema.collection.fanout == .perUser ? "user" : "group"
                try await sample(plan, request, owners: owners, kind: kind, session: session, into: &report)
            }
        }
    }

    /// Sends `plan`'s first request (`request`) for the sample owners until one confirms access (a 2xx, or
    /// a 404 that means "none here" past the permission check), and reports what the others said.
    private func sample(
        _ plan: DatasetPlan, _ request: CollectionRequest, owners: [String], kind: String, session: GraphSession,
        into report: inout Report
    ) async throws {
        let name = plan.schema.name
        guard !owners.isEmpty else {
            report.lines.append("\(name): no \(kind) to sample; not confirmed")
            return
        }
        var outsidePolicy = 0
        var withoutCollection = 0
        for owner in owners {
            let response = try await session.client.get(
                request.firstRequestURL(base: pipeline.source.graphURL, owner: owner), headers: request.headers)
            let body = GraphErrorBody.parse(response.body)
            if response.status == 403, body?.isMailboxAccessPolicy == true {
                outsidePolicy += 1
                if pipeline.scope.onAccessDenied == .fail {
                    report.problem(
                        "\(name): a sampled mailbox is outside the app's Exchange application access policy (403 "
                            + "ErrorAccessDenied), and the pipeline says scope.on_access_denied: fail: add the policy's "
                            + "mailboxes to the scope (scope.users: {groups: [<the policy's group>]}) or widen the policy")
                    return
                }
                continue
            }
            if response.status == 404, let code = body?.code, CollectionReader.unavailableCodes.contains(code) {
                // Past the permission check: the user has no mailbox (or no manager). Another one confirms more.
                withoutCollection += 1
                if plan.schema.collection.shape == .object && code != "MailboxNotEnabledForRESTAPI" {
                    report.lines.append("\(name): sample request answered 404 \(code) (access confirmed)")
                    return
                }
                continue
            }
            if let problem = Self.refusal(response, dataset: name, permissions: plan.permissions) {
                report.problem(problem)
                return
            }
            var line = "\(name): sample request on a \(kind) answered \(response.status)"
            if outsidePolicy > 0 {
                line += "; \(outsidePolicy) sampled mailbox\(outsidePolicy == 1 ? " is" : "es are") outside the app's "
                    + "application access policy: the run skips and counts such mailboxes"
            }
            report.lines.append(line)
            return
        }
        if outsidePolicy > 0 {
            report.problem(
                "\(name): every sampled mailbox (\(outsidePolicy) of \(owners.count)) is outside the app's Exchange "
                    + "application access policy (403 ErrorAccessDenied): check the policy's group "
                    + "(Test-ApplicationAccessPolicy) or scope the pipeline to it (scope.users: {groups: [<group id>]})")
        } else {
            report.lines.append("\(name): none of \(withoutCollection) sampled \(kind)s has one (404); not confirmed")
        }
    }

    /// The problem a refused sample request shows, naming the permission; nil for a success.
    static func refusal(_ response: HTTPResponse, dataset: String, permissions: [String]) -> String? {
        guard !response.isSuccess else { return nil }
        let body = GraphErrorBody.parse(response.body)
        let code = body.map { " \($0.code)" } ?? ""
        switch response.status {
        case 401, 403:
            return "\(dataset): Graph refused the sample request (\(response.status)\(code)): grant the application permission "
                + "\(permissions.joined(separator: " or ")) and admin consent"
        default:
            return "\(dataset): Graph answered the sample request \(response.status)\(code)"
                + (body.map { ": \($0.message)" } ?? "")
        }
    }

    /// The `id` of every item of a collection page.
    static func ids(_ body: [UInt8]) -> [String] {
        guard case .array(let items)? = (try? JSONParser.parse(body))?["value"] else { return [] }
        return items.compactMap { $0["id"]?.stringValue }
    }

}
