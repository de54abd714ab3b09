import FerryCore
@testable import FerryAnalyze

/// An organisation with a planted structure, deterministic from a seed: departments of teams, most
/// mail and meetings within a team, fewer across teams of a department, a few bridge people who work
/// across departments, weekly team meetings and department all-hands.
struct PlantedOrganisation {
    var data = CollaborationData()
    var department: [Int] = []
    var team: [Int] = []
    var bridges: [Int] = []

    init(departments: Int = 4, teamsPerDepartment: Int = 4, teamSize: Int = 12, weeks: Int = 4, seed: UInt64 = 11) {
        var random = SeededRandom(seed: seed)
        let people = departments * teamsPerDepartment * teamSize
        for person in 0..<people {
            let t = person / teamSize
            team.append(t)
            department.append(t / teamsPerDepartment)
            data.people.append(Person(id: "p\(person)", department: "dept-\(t / teamsPerDepartment)", workingHours: .standard()))
        }
        let departmentSize = teamsPerDepartment * teamSize
        // One bridge per department: its team's first member.
        bridges = (0..<departments).map { $0 * departmentSize + teamSize / 2 }
        func participant(_ person: Int) -> Participant { Participant(person: person) }
        let monday = Int64(20_402) * 86_400_000  // a Monday
        for week in 0..<weeks {
            let weekStart = monday + Int64(week) * 7 * 86_400_000
            func at(_ day: Int, _ hour: Int) -> UTCTimestamp {
                UTCTimestamp(millisecondsSinceEpoch: weekStart + Int64(day) * 86_400_000 + Int64(hour) * 3_600_000)
            }
            func mail(_ a: Int, _ b: Int, _ day: Int) {
                data.addMail(sent: at(day, 10), sender: participant(a), to: [participant(b)], cc: [])
            }
            for person in 0..<people {
                let teamStart = team[person] * teamSize
                let departmentStart = department[person] * departmentSize
                for _ in 0..<8 {
                    let other = teamStart + Int(random.next() % UInt64(teamSize))
                    if other != person { mail(person, other, Int(random.next() % 5)); mail(other, person, Int(random.next() % 5)) }
                }
                for _ in 0..<3 {
                    let other = departmentStart + Int(random.next() % UInt64(departmentSize))
                    if team[other] != team[person] { mail(person, other, 2); mail(other, person, 3) }
                }
            }
            for bridge in bridges {
                for _ in 0..<12 {
                    let other = Int(random.next() % UInt64(people))
                    if department[other] != department[bridge] { mail(bridge, other, 1); mail(other, bridge, 2) }
                }
            }
            for t in 0..<(departments * teamsPerDepartment) {
                let members = (t * teamSize..<(t + 1) * teamSize).map(participant)
                meeting(members, start: at(1, 9), hours: 1)
            }
            for d in 0..<departments {
                let members = (d * departmentSize..<(d + 1) * departmentSize).map(participant)
                meeting(members, start: at(3, 15), hours: 1)
            }
        }
    }

    private mutating func meeting(_ members: [Participant], start: UTCTimestamp, hours: Double) {
        data.addMeeting(
            start: start, end: UTCTimestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(hours * 3_600_000)),
            organizer: members[0],
            invitees: members.enumerated().map { .init(participant: $1, response: $0 == 0 ? .organizer : .accepted) },
            isRecurring: true)
    }
}
