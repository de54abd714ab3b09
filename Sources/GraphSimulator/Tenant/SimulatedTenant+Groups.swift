import Foundation

/// The directory's groups: Microsoft 365 teams, security interest groups and divisions that nest teams.
extension SimulatedTenant {
    /// How many group indexes the directory has; some may have been deleted (`isPresent(groupAt:)`).
    public var groupCount: Int { groupLayout.count }

    /// Whether the group at `index` exists now.
    public func isPresent(groupAt index: Int) -> Bool {
        (0..<groupCount).contains(index) && generationDeleted(groupAt: index) == nil
    }

    /// The index of the present group with this object id, or nil.
    public func groupIndex(forId id: String) -> Int? {
        let lowered = id.lowercased()
        guard lowered.utf8.count == 36, let encoded = GUIDText.parseHex(lowered.prefix(8)) else { return nil }
        let index = Int(groupIdCipher.decrypt(UInt32(truncatingIfNeeded: encoded)))
        guard isPresent(groupAt: index), groupId(at: index) == lowered else { return nil }
        return index
    }

    func groupId(at index: Int) -> String {
        let tail = SplitMix64.hash(seed, GenerationStream.groupIdTail.rawValue, UInt64(truncatingIfNeeded: index))
        let high = UInt64(groupIdCipher.encrypt(UInt32(truncatingIfNeeded: index))) << 32 | (tail >> 32)
        return GUIDText.make(high: high, low: SplitMix64.mix(tail))
    }

    /// The group at `index` (any index in `0..<groupCount`), as it is now.
    public func group(at index: Int) -> SimulatedGroup {
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.group.rawValue, UInt64(truncatingIfNeeded: index)))
        let created = anchorSeconds - Int64(86_400 + random.below(4 * 365 * 86_400))
        var description: String?
        let name: String
        let nickname: String
        let kind = groupLayout.kind(of: index)
        switch kind {
        case .team(let team):
            let theme = random.pick(GroupVocabulary.teams)
            name = theme.name + " " + String(team + 1)
            nickname = theme.slug + String(team + 1)
            description = random.chance(80) ? random.pick(GroupVocabulary.descriptions) : nil
        case .interest(let interest):
            let theme = random.pick(GroupVocabulary.interests)
            name = theme.name + (interest < GroupVocabulary.interests.count ? "" : " " + String(interest + 1))
            nickname = theme.slug + String(interest + 1)
            description = random.chance(50) ? random.pick(GroupVocabulary.descriptions) : nil
        case .division(let division):
            let department = TenantVocabulary.departments[division % TenantVocabulary.departments.count]
            name = "Division: " + department + (division < TenantVocabulary.departments.count ? "" : " " + String(division + 1))
            nickname = "division" + String(division + 1)
            description = "Everyone in " + department + ", by team."
        }
        let changed = generationChanged(groupAt: index)
        if changed > 0 {
            description = GroupVocabulary.descriptions[Int(SplitMix64.hash(seed, UInt64(index), UInt64(changed)) % UInt64(GroupVocabulary.descriptions.count))]
                + " (updated)"
        }
        let isTeam = if case .team = kind { true } else { false }
        let isDivision = if case .division = kind { true } else { false }
        let mailEnabled = isTeam || isDivision
        return SimulatedGroup(
            id: groupId(at: index),
            index: index,
            displayName: name,
            description: description,
            mail: mailEnabled ? nickname + "@" + primaryDomain : nil,
            mailNickname: nickname,
            mailEnabled: mailEnabled,
            securityEnabled: !isTeam,
            groupTypes: isTeam ? ["Unified"] : [],
            visibility: isTeam ? (random.chance(70) ? "Private" : "Public") : nil,
            createdDateTime: Date(timeIntervalSince1970: TimeInterval(created)))
    }

    /// The group's direct members now: users, and for divisions their teams (nested groups) first.
    public func members(ofGroupAt index: Int) -> [SimulatedDirectoryReference] {
        guard isPresent(groupAt: index) else { return [] }
        var members: [SimulatedDirectoryReference] = []
        func addUser(_ user: Int) {
            if isPresent(userAt: user) { members.append(SimulatedDirectoryReference(kind: .user, index: user, id: userId(at: user))) }
        }
        switch groupLayout.kind(of: index) {
        case .team(let team):
            let first = team * GroupLayout.teamSize
            let end = team == groupLayout.teams - 1 ? userCount : min(userCount, first + GroupLayout.teamSize)
            for user in first..<max(first, end) { addUser(user) }
        case .interest(let interest):
            for user in stride(from: interest, to: userCount, by: groupLayout.interests) { addUser(user) }
        case .division(let division):
            for team in stride(from: division, to: groupLayout.teams, by: groupLayout.divisions) where isPresent(groupAt: team) {
                members.append(SimulatedDirectoryReference(kind: .group, index: team, id: groupId(at: team)))
            }
            // The director: the first user of the division's first team.
            addUser(division * GroupLayout.teamSize)
        }
        return members
    }

    /// The groups the user is a direct member of now, ascending by index.
    public func memberOf(userAt index: Int) -> [Int] {
        guard isPresent(userAt: index) else { return [] }
        var groups = [groupLayout.team(ofUser: index), groupLayout.teams + groupLayout.interest(ofUser: index)]
        let team = index / GroupLayout.teamSize
        if index % GroupLayout.teamSize == 0, team < groupLayout.teams, team < groupLayout.divisions {
            groups.append(groupLayout.index(of: .division(team)))
        }
        return groups.filter { isPresent(groupAt: $0) }.sorted()
    }

    // MARK: Evolution

    /// Per-mille roll of what happens to a group in one generation: below 5 deleted, below 30 renamed.
    private func groupRoll(_ index: Int, generation step: Int) -> UInt64 {
        SplitMix64.hash(seed, GenerationStream.evolution.rawValue, 0x67_72_6F_75_70, UInt64(truncatingIfNeeded: index), UInt64(step)) % 1000
    }

    func generationDeleted(groupAt index: Int) -> Int? {
        guard generation > 0 else { return nil }
        return (1...generation).first { groupRoll(index, generation: $0) < 5 }
    }

    func generationChanged(groupAt index: Int) -> Int {
        guard generation > 0 else { return 0 }
        var latest = 0
        for step in 1...generation {
            let roll = groupRoll(index, generation: step)
            if roll < 5 { break }
            if roll < 30 { latest = step }
        }
        return latest
    }
}
