import FerryConfig
import FerryGraph

/// The request that lists the users in scope (`DirectoryRequests.users`): the users dataset's own query
/// when the pipeline exports users, else ids and user types alone; the scope's `$filter` either way.
package struct UserListing: Sendable {
    package let url: String
    package let headers: [(name: String, value: String)]

    /// With `top`, a sample: pages of at most that many users.
    package init(pipeline: Pipeline, usersPlan: DatasetPlan?, top: Int? = nil) {
        var scopeFilter: String?
        if case .filter(let filter) = pipeline.scope.users { scopeFilter = filter }
        (url, headers) = DirectoryRequests.users(
            base: pipeline.source.graphURL, users: usersPlan?.request, scopeFilter: scopeFilter, top: top)
    }
}
