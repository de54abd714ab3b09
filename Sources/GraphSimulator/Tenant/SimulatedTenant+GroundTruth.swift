/// The exact records a complete export of each directory dataset contains, for tests and benchmarks.
///
/// Per-mailbox datasets have per-user accessors (`messages(ofUserAt:)`, `events(ofUserAt:)`, ...); a complete
/// export of one is their union over `mailboxUserIndexes()`, the other users answering 404.
extension SimulatedTenant {
    /// The indexes of the users in the directory now, ascending.
    public func presentUserIndexes() -> [Int] {
        (0..<userCount).filter(isPresent(userAt:))
    }

    /// Every user in the directory now, in the order of `GET /users`.
    public func users() -> [SimulatedUser] {
        presentUserIndexes().map(user(at:))
    }

    /// The indexes of the users whose mailbox answers Outlook requests, ascending.
    public func mailboxUserIndexes() -> [Int] {
        (0..<userCount).filter(hasMailbox(userAt:))
    }

    /// Every group now, in the order of `GET /groups`.
    public func groups() -> [SimulatedGroup] {
        (0..<groupCount).filter(isPresent(groupAt:)).map(group(at:))
    }

    /// One row per user with a manager: the user and their manager.
    public func managerLinks() -> [SimulatedDirectoryLink] {
        presentUserIndexes().compactMap { index in
            managerIndex(ofUserAt: index).map {
                SimulatedDirectoryLink(sourceId: userId(at: index), target: SimulatedDirectoryReference(kind: .user, index: $0, id: userId(at: $0)))
            }
        }
    }

    /// One row per direct report: the manager and the report.
    public func directReportLinks() -> [SimulatedDirectoryLink] {
        presentUserIndexes().flatMap { index in
            directReportIndexes(ofUserAt: index).map {
                SimulatedDirectoryLink(sourceId: userId(at: index), target: SimulatedDirectoryReference(kind: .user, index: $0, id: userId(at: $0)))
            }
        }
    }

    /// One row per group membership: the group and its direct member (user or nested group).
    public func groupMemberLinks() -> [SimulatedDirectoryLink] {
        (0..<groupCount).filter(isPresent(groupAt:)).flatMap { index in
            members(ofGroupAt: index).map { SimulatedDirectoryLink(sourceId: groupId(at: index), target: $0) }
        }
    }
}
