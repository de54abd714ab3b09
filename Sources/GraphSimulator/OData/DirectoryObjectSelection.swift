/// A `$select` over collections of mixed directory objects (users and groups), as members and memberOf are.
///
/// Each name must be a property of users or of groups; each object then writes the selected properties it has.
struct DirectoryObjectSelection: Sendable {
    var users: PropertySelection<UserProperty>
    var groups: PropertySelection<GroupProperty>

    static let defaults = DirectoryObjectSelection(users: UserProperty.defaultSelection, groups: GroupProperty.defaultSelection)

    init(users: PropertySelection<UserProperty>, groups: PropertySelection<GroupProperty>) {
        self.users = users
        self.groups = groups
    }

    init(parsing text: String?) throws(GraphError) {
        guard let text else {
            self = .defaults
            return
        }
        var userProperties: [UserProperty] = [.id]
        var groupProperties: [GroupProperty] = [.id]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(item).trimmingSpaces.lowercased()
            let user = UserProperty.byLowercasedName[name]
            let group = GroupProperty.byLowercasedName[name]
            guard user != nil || group != nil else {
                throw GraphError(
                    status: 400, code: "Request_BadRequest",
                    message: "Could not find a property named '\(String(item).trimmingSpaces)' on type 'microsoft.graph.directoryObject'.")
            }
            if let user { userProperties.append(user) }
            if let group { groupProperties.append(group) }
        }
        users = PropertySelection(userProperties)
        groups = PropertySelection(groupProperties)
    }

    /// Writes one member as `{"@odata.type":"#microsoft.graph.user",...}`.
    func write(_ reference: SimulatedDirectoryReference, tenant: SimulatedTenant, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("@odata.type")
        writer.string(reference.odataType)
        switch reference.kind {
        case .user: tenant.user(at: reference.index).writeProperties(to: &writer, selection: users)
        case .group: tenant.group(at: reference.index).writeProperties(to: &writer, selection: groups)
        }
        writer.endObject()
    }
}
