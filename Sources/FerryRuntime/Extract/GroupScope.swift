import FerryConfig
import FerryCore
import FerryGraph

/// `scope.users: {groups: [...]}`: the users who are members of the listed groups, directly or
/// through nested groups, as a set of user ids the user listing keeps.
struct GroupScope: Sendable {
    let pipeline: String
    let groupIds: [String]
    let graphURL: String

    /// The ids of every user in the groups, following nested groups once each.
    func memberIds(reader: CollectionReader) async throws -> Set<String> {
        var users: Set<String> = []
        var visited: Set<String> = []
        var pending = groupIds
        while let group = pending.popLast() {
            guard visited.insert(group.lowercased()).inserted else { continue }
            let url = CollectionRequest.memberIds(ofGroup: group).url(base: graphURL)
            let outcome = try await reader.read(url) { page in
                for member in page.items {
                    guard let id = member["id"]?.stringValue else { continue }
                    switch member["@odata.type"]?.stringValue {
                    case "#microsoft.graph.group": pending.append(id)
                    case "#microsoft.graph.user": users.insert(id)
                    default: continue  // devices, service principals, contacts: not users
                    }
                }
            }
            if case .unavailable(let code) = outcome {
                throw RunError(
                    pipeline: pipeline, reason: "scope.users.groups lists '\(group)', which Graph does not know (\(code)); "
                        + "give the group's object id")
            }
        }
        return users
    }
}
