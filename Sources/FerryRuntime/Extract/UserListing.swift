import FerryConfig
import FerryGraph

/// The request that lists the users in scope: the users dataset's own query when the pipeline
/// exports users, else ids and user types alone; the scope's `$filter` either way.
package struct UserListing: Sendable {
    package let url: String
    package let headers: [(name: String, value: String)]

    package init(pipeline: Pipeline, usersPlan: DatasetPlan?) {
        var userFilter: String?
        var headers: [(name: String, value: String)] = []
        if case .filter(let filter) = pipeline.scope.users {
            userFilter = filter
            // Advanced directory queries need it, and it must be sent with every page.
            headers.append(("ConsistencyLevel", "eventual"))
        }
        url =
            usersPlan?.request.firstPageURL(base: pipeline.source.graphURL, owner: nil, ownerFilter: userFilter)
            ?? CollectionRequest.userIds(filter: userFilter).url(base: pipeline.source.graphURL)
        self.headers = headers
    }
}
