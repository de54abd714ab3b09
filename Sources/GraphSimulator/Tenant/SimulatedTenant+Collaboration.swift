/// The planted collaboration structure, deterministic from the seed, that `ferry analyze` should find.
///
/// Departments and teams follow the manager tree (a heap of fan-out 8): a department is the subtree of
/// one of the top manager's direct reports, a team the subtree of a manager two levels down. Colleagues
/// are drawn mostly from the team, less often from the rest of the department, and almost never from
/// other departments, except by the few bridge people, who work across departments with each other.
/// So mail and meetings cluster by team within department, and the bridges carry the paths between
/// departments (their ties to each other are reciprocal: each draws the others).
extension SimulatedTenant {
    /// The planted truth of a tenant, for tests: per user index, its department, team and bridge flag.
    public struct PlantedCollaboration: Sendable {
        /// The department of each user (the index of its department head), nil for the top and guests.
        public var department: [Int?]
        /// The team of each user (the index of its team's manager), nil for the top, department heads and guests.
        public var team: [Int?]
        /// The bridge people, ascending.
        public var bridges: [Int]
        /// The people who send their mail in their evenings (local 20:00 to 06:00), ascending.
        public var afterHours: [Int] = []
    }

    /// Share of a member's internal correspondents drawn from their team, their department (outside the
    /// team) and the whole tenant; bridges draw `bridgeAnywherePercent` from the whole tenant first.
    static let teamPercent = 70
    static let departmentPercent = 28
    static let bridgeAnywherePercent = 45
    /// About one member in this many is a bridge.
    static let bridgeOneIn = 50

    /// The planted truth for every user of the first generation.
    public func plantedCollaboration() -> PlantedCollaboration {
        let indexes = 0..<baseUserCount
        return PlantedCollaboration(
            department: indexes.map { plantedDepartment(ofUserAt: $0) },
            team: indexes.map { plantedTeam(ofUserAt: $0) },
            bridges: plantedBridges,
            afterHours: indexes.filter { Self.worksAfterHours($0, seed: seed) })
    }

    /// About one member in this many sends their mail after hours.
    static let afterHoursOneIn = 25

    /// Whether the user is one of the planted after-hours people.
    public func worksAfterHours(userAt index: Int) -> Bool {
        Self.worksAfterHours(index, seed: seed)
    }

    static func worksAfterHours(_ index: Int, seed: UInt64) -> Bool {
        guard index > managerFanOut else { return false }
        let kindRoll = SplitMix64.hash(seed, GenerationStream.mailbox.rawValue, UInt64(truncatingIfNeeded: index)) % 100
        guard kindRoll >= 10 else { return false }  // members with a mailbox only
        return SplitMix64.hash(seed, GenerationStream.collaboration.rawValue, UInt64(truncatingIfNeeded: index), 0xAF7E)
            % UInt64(afterHoursOneIn) == 0
    }

    /// The planted after-hours people send at least the average amount of mail (from the average to twice
    /// it, rather than from none), so that their habit shows in their hours, not only in their share.
    func plantedSentItemCount(_ drawn: Int, ofUserAt index: Int) -> Int {
        worksAfterHours(userAt: index) ? sentItemsPerUser + drawn / 2 : drawn
    }

    /// Each office's standard offset from UTC, in seconds (the zone its mailbox settings name).
    static let officeOffsets: [String: Int64] = [
        "Redmond": -8 * 3600, "New York": -5 * 3600, "London": 0, "Paris": 3600, "München": 3600, "Tokyo": 9 * 3600,
        "São Paulo": -3 * 3600, "Bengaluru": 5 * 3600 + 1800,
    ]

    /// Seconds added to the user's first-generation Sent Items times. The mail timeline is busiest in
    /// office hours UTC; minus the office's offset it is busiest in the owner's own office hours, and
    /// twelve hours later for the planted after-hours people, whose mail then goes out in their evenings.
    /// `officeDraw` is the generator `identity(at:)` leaves, whose next pick is the user's office.
    func sentItemShift(ofUserAt index: Int, officeDraw: SplitMix64) -> Int64 {
        var draw = officeDraw
        let city = draw.pick(TenantVocabulary.offices).city
        let offset = Self.officeOffsets[city] ?? 0
        return -offset + (worksAfterHours(userAt: index) ? 12 * 3600 : 0)
    }

    /// The department head above the user in the tree (depth 1), or nil for the top of the tree and guests.
    public func plantedDepartment(ofUserAt index: Int) -> Int? {
        ancestor(of: index, atDepth: 1)
    }

    /// The team manager above the user (depth 2), or nil for the top, department heads and guests.
    public func plantedTeam(ofUserAt index: Int) -> Int? {
        ancestor(of: index, atDepth: 2)
    }

    /// Whether the user is one of the few who work across departments.
    public func isBridge(userAt index: Int) -> Bool {
        Self.isBridge(index, seed: seed)
    }

    /// Whether the user at `index` is a bridge: a member with a mailbox, two levels or more below the top.
    static func isBridge(_ index: Int, seed: UInt64) -> Bool {
        // Depth 2 or more: past the top (0) and the department heads (1...8).
        guard index > managerFanOut else { return false }
        let kindRoll = SplitMix64.hash(seed, GenerationStream.mailbox.rawValue, UInt64(truncatingIfNeeded: index)) % 100
        guard kindRoll >= 10 else { return false }  // members with a mailbox only: see `kind(at:)`
        return SplitMix64.hash(seed, GenerationStream.collaboration.rawValue, UInt64(truncatingIfNeeded: index)) % UInt64(bridgeOneIn) == 0
    }

    /// The department name planted for a department head's subtree.
    func plantedDepartmentName(head: Int) -> String {
        TenantVocabulary.departments[(head - 1) % TenantVocabulary.departments.count]
    }

    /// A colleague of `owner` drawn by the planted structure: team, then department, then anyone.
    func plantedColleague(of owner: Int, random: inout SplitMix64) -> Int {
        let roll = random.below(100)
        let isBridge = isBridge(userAt: owner)
        let anywhere = isBridge ? Self.bridgeAnywherePercent : 100 - Self.teamPercent - Self.departmentPercent
        var other: Int
        if isBridge && roll < anywhere && plantedBridges.count > 1 {
            other = plantedBridges[random.below(plantedBridges.count)]
        } else if roll < anywhere || kind(at: owner) == .guest {
            other = random.below(baseUserCount)
        } else if roll < anywhere + Self.teamPercent, let team = plantedTeam(ofUserAt: owner) {
            other = member(ofSubtree: team, random: &random)
        } else if let department = plantedDepartment(ofUserAt: owner) {
            other = member(ofSubtree: department, random: &random)
        } else {
            other = random.below(baseUserCount)
        }
        if other == owner { other = (other + 1) % baseUserCount }
        return other
    }

    /// The heap ancestor of `index` at `depth` (0 is the top), or nil when the user is shallower or a guest.
    ///
    /// Walks the tree twice, counting, rather than keeping the chain: it runs for most correspondents of every message.
    private func ancestor(of index: Int, atDepth depth: Int) -> Int? {
        guard index >= 0, index < userCount, kind(at: index) != .guest else { return nil }
        var userDepth = 0
        var node = index
        while node > 0 {
            node = (node - 1) / Self.managerFanOut
            userDepth += 1
        }
        guard userDepth >= depth else { return nil }
        node = index
        for _ in 0..<(userDepth - depth) { node = (node - 1) / Self.managerFanOut }
        return node
    }

    /// A uniformly drawn user of the first generation in the heap subtree rooted at `root`.
    ///
    /// The subtree's levels are ranges of indexes; they are walked twice (count, then find the pick)
    /// rather than kept in an array.
    private func member(ofSubtree root: Int, random: inout SplitMix64) -> Int {
        func forEachLevel(_ body: (Range<Int>) -> Bool) {
            var low = root
            var high = root + 1
            while low < baseUserCount {
                guard body(low..<min(high, baseUserCount)) else { return }
                low = low * Self.managerFanOut + 1
                high = (high - 1) * Self.managerFanOut + Self.managerFanOut + 1
            }
        }
        var total = 0
        forEachLevel { level in
            total += level.count
            return true
        }
        var pick = random.below(max(total, 1))
        var member = root
        forEachLevel { level in
            guard pick >= level.count else {
                member = level.lowerBound + pick
                return false
            }
            pick -= level.count
            return true
        }
        return member
    }
}
