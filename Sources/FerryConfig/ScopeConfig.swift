/// Which users a pipeline exports (the pipeline's `scope:`).
public struct ScopeConfig: Sendable {
    public var users: UserScope
    /// Leave out guest accounts (`userType eq 'Guest'`).
    public var excludeGuests: Bool
    /// What a mailbox the app may not read (Graph's 403 under an application access policy) does to a run.
    public var onAccessDenied: AccessDeniedPolicy

    public init(users: UserScope = .all, excludeGuests: Bool = true, onAccessDenied: AccessDeniedPolicy = .skip) {
        self.users = users
        self.excludeGuests = excludeGuests
        self.onAccessDenied = onAccessDenied
    }

    /// Reads `scope:`; an absent scope is every member of the tenant.
    static func read(_ node: YAMLNode?, reader: inout ConfigReader) -> ScopeConfig? {
        guard let node else { return ScopeConfig() }
        guard let mapping = reader.mapping(node, at: "scope", keys: ["users", "exclude_guests", "on_access_denied"]) else { return nil }
        var scope = ScopeConfig()
        var valid = true
        if let node = mapping["users"] {
            if let users = UserScope.read(node, reader: &reader) { scope.users = users } else { valid = false }
        }
        if let node = mapping["exclude_guests"] {
            if let exclude = reader.bool(node, at: "scope.exclude_guests") { scope.excludeGuests = exclude } else { valid = false }
        }
        if let node = mapping["on_access_denied"] {
            if let policy = reader.choice(node, at: "scope.on_access_denied", of: AccessDeniedPolicy.self) {
                scope.onAccessDenied = policy
            } else {
                valid = false
            }
        }
        return valid ? scope : nil
    }
}

/// What a run does with a mailbox Graph refuses with 403 `ErrorAccessDenied` because an Exchange application
/// access policy or RBAC for Applications leaves it out of the app's reach (`scope.on_access_denied`).
///
/// A 403 on the directory, or for a missing permission (every mailbox refused), always fails the run.
public enum AccessDeniedPolicy: String, Sendable, CaseIterable {
    /// Skip the mailbox and count it in the summary and the dataset's run record (the default).
    case skip
    /// Fail the run, committing nothing.
    case fail
}

/// The users whose data a pipeline exports.
public enum UserScope: Sendable, Equatable {
    /// Every user of the tenant.
    case all
    /// The members of these groups (object ids).
    case groups([String])
    /// The users a Graph `$filter` on `/users` selects.
    case filter(String)

    private static let expected = "all, a mapping {groups: [ids]} or a mapping {filter: \"<Graph $filter>\"}"

    /// Reads `scope.users`: `all`, `{groups: [...]}` or `{filter: ...}`.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> UserScope? {
        let path = "scope.users"
        switch node.content {
        case .scalar:
            guard let text = reader.text(node, at: path, expected: expected) else { return nil }
            guard text == "all" else {
                reader.error("'\(path)' must be \(expected), not \(reader.quoted(text, of: node))", at: node.position)
                return nil
            }
            return .all
        case .sequence:
            reader.error("'\(path)' must be \(expected), not a list; write groups: [ids] under it", at: node.position)
            return nil
        case .mapping:
            guard let mapping = reader.mapping(node, at: path, keys: ["groups", "filter"]) else { return nil }
            switch (mapping["groups"], mapping["filter"]) {
            case (let groups?, nil):
                return readGroups(groups, reader: &reader).map(UserScope.groups)
            case (nil, let filter?):
                return reader.string(filter, at: "\(path).filter").map(UserScope.filter)
            case (.some, .some):
                reader.error("'\(path)' takes either 'groups' or 'filter', not both", at: mapping.position)
                return nil
            case (nil, nil):
                reader.error("'\(path)' needs 'groups' (a list of group ids) or 'filter' (a Graph $filter)", at: mapping.position)
                return nil
            }
        }
    }

    private static func readGroups(_ node: YAMLNode, reader: inout ConfigReader) -> [String]? {
        let path = "scope.users.groups"
        guard case .sequence(let items) = node.content else {
            reader.error("'\(path)' must be a list of group ids, not \(node.kindDescription)", at: node.position)
            return nil
        }
        guard !items.isEmpty else {
            reader.error("'\(path)' must list at least one group id", at: node.position)
            return nil
        }
        var ids: [String] = []
        for (index, item) in items.enumerated() {
            guard let id = reader.string(item, at: "\(path)[\(index)]") else { continue }
            ids.append(id)
        }
        return ids.count == items.count ? ids : nil
    }
}
