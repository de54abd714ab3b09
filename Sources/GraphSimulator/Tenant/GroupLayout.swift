/// How the directory's groups are laid out over group indexes, from the first generation's user count.
///
/// Membership is arithmetic, so both directions cost nothing to compute: team `t` holds users
/// `20t..<20t+20`, interest group `s` the users whose index is `s` modulo their number, and division `d`
/// the teams whose index is `d` modulo the number of divisions (nested groups), plus one director.
struct GroupLayout: Sendable {
    static let teamSize = 20
    static let usersPerInterestGroup = 100
    static let teamsPerDivision = 10

    /// Microsoft 365 groups, one per team of 20 users: indexes `0..<teams`.
    let teams: Int
    /// Security groups across teams: the next `interests` indexes.
    let interests: Int
    /// Mail-enabled security groups whose members are teams: the last `divisions` indexes.
    let divisions: Int

    init(baseUserCount: Int) {
        teams = max(1, (baseUserCount + Self.teamSize - 1) / Self.teamSize)
        interests = max(1, baseUserCount / Self.usersPerInterestGroup)
        divisions = max(1, teams / Self.teamsPerDivision)
    }

    var count: Int { teams + interests + divisions }

    enum Kind: Equatable {
        case team(Int)
        case interest(Int)
        case division(Int)
    }

    func kind(of index: Int) -> Kind {
        if index < teams { return .team(index) }
        if index < teams + interests { return .interest(index - teams) }
        return .division(index - teams - interests)
    }

    func index(of kind: Kind) -> Int {
        switch kind {
        case .team(let team): team
        case .interest(let interest): teams + interest
        case .division(let division): teams + interests + division
        }
    }

    /// The team of a user; users added later join the last team.
    func team(ofUser index: Int) -> Int {
        min(index / Self.teamSize, teams - 1)
    }

    func interest(ofUser index: Int) -> Int {
        index % interests
    }

    func division(ofTeam team: Int) -> Int {
        team % divisions
    }
}
