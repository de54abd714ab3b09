/// Builds the weighted, directed interaction graph between the people of the directory from raw events.
///
/// Mail: sender -> each recipient, weight 1/|recipients| (a Cc recipient's share times `ccWeight`);
/// mail to more than `massMailRecipients` is left out. Meetings that count at all: each ordered pair of
/// accepted people gets hours x 1/(n - 1), n the accepted participants (Newman's weighting: a
/// person's meeting time is split evenly across the others); meetings with more than
/// `massMeetingParticipants` accepted are left out. Nodes are the people of the directory; ties to
/// outsiders are counted apart (`externalStrength`), never as nodes.
public struct InteractionGraphBuilder {
    public let assumptions: Assumptions

    public init(assumptions: Assumptions = Assumptions()) {
        self.assumptions = assumptions
    }

    /// Every tie between two people, with the week of its event (Monday as a day number).
    struct Ties {
        var sources: [Int32] = []
        var targets: [Int32] = []
        var weights: [Double] = []
        var weeks: [Int32] = []
        var externalStrength: [Double]
    }

    func ties(_ data: CollaborationData, week: Int? = nil) -> Ties {
        var ties = Ties(externalStrength: Array(repeating: 0.0, count: data.people.count))
        func add(_ source: Int32, _ target: Int32, _ weight: Double, _ week: Int) {
            ties.sources.append(source)
            ties.targets.append(target)
            ties.weights.append(weight)
            ties.weeks.append(Int32(week))
        }
        var recipients: [(participant: Participant, isTo: Bool)] = []
        for mail in data.mails where mail.sender.isPerson {
            let mailWeek = Week.start(of: mail.sent)
            if let week, mailWeek != week { continue }
            recipients.removeAll(keepingCapacity: true)
            for (position, recipient) in data.recipients(of: mail).enumerated() where recipient != mail.sender {
                recipients.append((recipient, position < Int(mail.toCount)))
            }
            guard !recipients.isEmpty, recipients.count <= assumptions.massMailRecipients else { continue }
            let share = 1 / Double(recipients.count)
            for recipient in recipients {
                let weight = recipient.isTo ? share : share * assumptions.ccWeight
                if recipient.participant.isPerson {
                    add(mail.sender.raw, recipient.participant.raw, weight, mailWeek)
                } else {
                    ties.externalStrength[Int(mail.sender.raw)] += weight
                }
            }
        }
        let rules = MeetingRules(assumptions)
        for meeting in data.meetings {
            let meetingWeek = Week.start(of: meeting.start)
            if let week, meetingWeek != week { continue }
            let accepted = data.accepted(meeting)
            guard rules.countsAtAll(meeting, accepted: accepted.count), rules.isTie(accepted: accepted.count) else { continue }
            let share = meeting.seconds / 3600 / Double(accepted.count - 1)
            for a in accepted where a.isPerson {
                for b in accepted where b != a {
                    if b.isPerson { add(a.raw, b.raw, share, meetingWeek) } else { ties.externalStrength[Int(a.raw)] += share }
                }
            }
        }
        return ties
    }

    /// The graph and, per person, the weight of their ties to outsiders; only the events of one week
    /// (its Monday as a day number) when `week` is given.
    public func build(_ data: CollaborationData, week: Int? = nil) -> (graph: CompressedGraph, externalStrength: [Double]) {
        let ties = ties(data, week: week)
        return (CompressedGraph(nodeCount: data.people.count, sources: ties.sources, targets: ties.targets, weights: ties.weights),
                ties.externalStrength)
    }

    /// The graph of the whole period, its external strengths, and the graph of each week, from one pass.
    public func buildWithWeeks(_ data: CollaborationData) -> (graph: CompressedGraph, externalStrength: [Double], weekly: [Int: CompressedGraph]) {
        let ties = ties(data)
        let n = data.people.count
        var byWeek: [Int32: [Int]] = [:]
        for (index, week) in ties.weeks.enumerated() { byWeek[week, default: []].append(index) }
        // The whole graph and each week's are built side by side (each alone, so each as deterministic).
        let weeks = byWeek.keys.sorted()
        let members = weeks.map { byWeek[$0]! }
        let graphs = parallelChunks(weeks.count + 1, chunks: weeks.count + 1) { range -> CompressedGraph in
            guard range.lowerBound < weeks.count else {
                return CompressedGraph(nodeCount: n, sources: ties.sources, targets: ties.targets, weights: ties.weights)
            }
            let indexes = members[range.lowerBound]
            return CompressedGraph(
                nodeCount: n, sources: indexes.map { ties.sources[$0] }, targets: indexes.map { ties.targets[$0] },
                weights: indexes.map { ties.weights[$0] })
        }
        let graph = graphs[weeks.count]
        var weekly: [Int: CompressedGraph] = [:]
        for (position, week) in weeks.enumerated() { weekly[Int(week)] = graphs[position] }
        return (graph, ties.externalStrength, weekly)
    }
}
