import FerryConfig
import FerryGraph

/// The request that lists the users in scope (`DirectoryRequests.users`): the users dataset's own query
/// when the pipeline exports users, else ids and user types alone; the scope's `$filter` either way.
package struct UserListing: Sendable {
    package let url: String
    package let headers: [(name: String, value: String)]
    /// What a refusal of the listing names: the users dataset and the permissions its schema names, or,
    /// without that dataset, `users` and the permission any listing of users needs.
    package let dataset: String
    package let permissions: [String]

    /// With `top`, a sample: pages of at most that many users.
    package init(pipeline: Pipeline, usersPlan: DatasetPlan?, top: Int? = nil) {
        var scopeFilter: String?
        if case .filter(let filter) = pipeline.scope.users { scopeFilter = filter }
        (url, headers) = DirectoryRequests.users(
            base: pipeline.source.graphURL, users: usersPlan?.request, scopeFilter: scopeFilter, top: top)
        dataset = usersPlan?.schema.name ?? "users"
        permissions = usersPlan?.permissions ?? DirectoryRequests.userListingPermissions
    }
}
