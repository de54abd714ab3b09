import FerryConfig
import FerryGraph
import FerryCore
import FerryTransform
import Foundation

/// The application permissions a pipeline needs, per dataset, least privilege: computed from its datasets and
/// the properties each selects (`DatasetPlan.permissions`), with the listings a fan-out starts from.
public struct PermissionNeeds: Sendable, Equatable {
    /// One thing a run reads and the permissions any one of which reads it.
    public struct Need: Sendable, Equatable {
        /// The dataset, or `users` / `groups` for the listing a fan-out starts from.
        public var dataset: String
        public var permissions: [String]
        /// Set when the dataset selects properties its schema's basic permission withholds: that permission
        /// alone would read the dataset without them, silently.
        public var withheld: (permission: String, properties: [String])?

        public static func == (left: Need, right: Need) -> Bool {
            left.dataset == right.dataset && left.permissions == right.permissions
                && left.withheld?.permission == right.withheld?.permission
                && left.withheld?.properties == right.withheld?.properties
        }
    }

    public var needs: [Need]

    /// What `pipeline` needs, from the plans a run would make at `now`.
    public init(pipeline: Pipeline, now: Date = Date()) throws {
        let window = RunWindow(of: pipeline, now: now)
        let snapshot = UTCTimestamp(now).dateText
        let pseudonymizer = pipeline.pseudonymize.map { Pseudonymizer(key: $0.key.value) }
        self.init(plans: try pipeline.datasets.map {
            try DatasetPlan(
                selection: $0, pipeline: pipeline, pseudonymizer: pseudonymizer, window: window, snapshotDate: snapshot,
                runId: "plan", firstRoundWindow: window)
        })
    }

    init(plans: [DatasetPlan]) {
        var needs: [Need] = []
        let fansOutOverUsers = plans.contains { $0.schema.collection.fanout == .perUser }
        let listsUsers = plans.contains { $0.schema.isUserDirectory && !$0.isDelta }
        if fansOutOverUsers && !listsUsers {
            needs.append(Need(dataset: "users", permissions: DirectoryRequests.userListingPermissions))
        }
        // The group directory, when exported, is the same listing and names its own permission.
        if plans.contains(where: { $0.schema.collection.fanout == .perGroup }), !plans.contains(where: { $0.schema.isGroupDirectory }) {
            needs.append(Need(dataset: "groups", permissions: DirectoryRequests.groupListingPermissions))
        }
        for plan in plans {
            var need = Need(dataset: plan.schema.name, permissions: plan.permissions)
            if let basic = plan.schema.basicPermission, plan.permissions != [basic.permission] {
                need.withheld = (basic.permission, plan.request.select.filter(basic.withholds.contains))
            }
            needs.append(need)
        }
        self.needs = needs
    }

    /// Every permission the pipeline asks for, each once, sorted: the least-privileged set to grant.
    public var permissions: [String] {
        Array(Set(needs.compactMap(\.permissions.first))).sorted()
    }

    /// The needs `roles` does not grant.
    public func unmet(by roles: Set<String>) -> [Need] {
        needs.filter { !GraphPermissions.grantsAny(roles, of: $0.permissions) }
    }
}

extension PermissionNeeds {
    /// The first dataset `roles` would read without properties it selects: the token holds the dataset's basic
    /// permission (`Mail.ReadBasic.All`) but none that reads the body text the pipeline keeps. Graph answers
    /// such a request 200 without them, so only the token's roles tell.
    public func silentlyWithheld(by roles: Set<String>) -> BodyTextPermissionError? {
        for need in needs {
            guard let withheld = need.withheld, !GraphPermissions.grantsAny(roles, of: need.permissions),
                GraphPermissions.grants(roles, withheld.permission)
            else { continue }
            return BodyTextPermissionError(
                dataset: need.dataset, permissions: need.permissions, basicPermission: withheld.permission,
                properties: withheld.properties)
        }
        return nil
    }
}

/// The token grants a dataset only its basic permission (`Mail.ReadBasic.All`), while the pipeline keeps
/// properties that permission withholds (`bodyPreview`): Graph would answer without them.
public struct BodyTextPermissionError: Error, Sendable, CustomStringConvertible {
    public var dataset: String
    public var permissions: [String]
    public var basicPermission: String
    public var properties: [String]

    public var description: String {
        "dataset '\(dataset)' keeps \(properties.joined(separator: ", ")), which \(basicPermission) withholds, and the "
            + "access token's roles grant only \(basicPermission): Graph would answer without them. Grant the application "
            + "permission \(permissions.joined(separator: " or ")) (and admin consent), or drop or redact the body text "
            + "(transform.pseudonymize.modes.text: drop or redact)"
    }
}
