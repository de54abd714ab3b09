/// Builds the weighted, directed interaction graph between the people of the directory from raw events.
///
/// Mail: sender -> each recipient, weight 1/|recipients| (a Cc recipient's share times `ccWeight`);
/// mail to more than `massMailRecipients` is left out. Meetings that count at all: each ordered pair of
/// accepted people gets hours x 1/(n - 1), n the accepted participants (Newman's weighting: a
/// person's meeting time is split evenly across the others). Nodes are the people of the directory;
/// ties to outsiders are counted apart (`externalStrength`), never as nodes.
public struct InteractionGraphBuilder {
    public let assumptions: Assumptions

    public init(assumptions: Assumptions = Assumptions()) {
        self.assumptions = assumptions
    }

    /// The graph and, per person, the weight of their ties to outsiders; only the events of one week
    /// (its Monday as a day number) when `week` is given.
    public func build(_ data: CollaborationData, week: Int? = nil) -> (graph: CompressedGraph, externalStrength: [Double]) {
        var weights: [Int64: Double] = [:]
        var external = Array(repeating: 0.0, count: data.people.count)
        func add(_ source: Int32, _ target: Int32, _ weight: Double) {
            weights[Int64(source) << 32 | Int64(target), default: 0] += weight
        }
        for mail in data.mails where mail.sender.isPerson && (week == nil || Week.start(of: mail.sent) == week) {
            let recipients = mail.recipients.filter { $0.address != mail.sender.address }
            guard !recipients.isEmpty, recipients.count <= assumptions.massMailRecipients else { continue }
            let share = 1 / Double(recipients.count)
            for (position, recipient) in recipients.enumerated() {
                let weight = position < mail.to.count ? share : share * assumptions.ccWeight
                if recipient.isPerson {
                    add(mail.sender.person, recipient.person, weight)
                } else {
                    external[Int(mail.sender.person)] += weight
                }
            }
        }
        let rules = MeetingRules(assumptions)
        for meeting in data.meetings where rules.countsAtAll(meeting) && (week == nil || Week.start(of: meeting.start) == week) {
            var accepted: [Participant] = []
            for participant in meeting.accepted where !accepted.contains(where: { $0.address == participant.address }) {
                accepted.append(participant)
            }
            let share = meeting.seconds / 3600 / Double(accepted.count - 1)
            for a in accepted where a.isPerson {
                for b in accepted where b.address != a.address {
                    if b.isPerson { add(a.person, b.person, share) } else { external[Int(a.person)] += share }
                }
            }
        }
        let edges = weights.map { (source: Int32($0.key >> 32), target: Int32(truncatingIfNeeded: $0.key & 0xFFFF_FFFF), weight: $0.value) }
        return (CompressedGraph(nodeCount: data.people.count, edges: edges), external)
    }
}
