import Foundation

/// `definitions.json`: every metric's formula, every assumption's value, the graph and privacy rules,
/// under a definitions version, so that any figure can be checked and reproduced.
public struct Definitions: Encodable {
    public var definitionsVersion = AnalyzeVersion.definitions
    public var weeks = "Monday 00:00 UTC to the next Monday; mail counts in the week it was sent, a meeting in the week it starts"
    public var assumptions: Assumptions
    public var metrics: [String: String]
    public var graph: [String: String]
    public var privacy: [String: String]
    public var privacyPolicy: PrivacyPolicy

    public init(assumptions: Assumptions, privacy policy: PrivacyPolicy) {
        self.assumptions = assumptions
        privacyPolicy = policy
        metrics = Dictionary(uniqueKeysWithValues: PersonMetric.allCases.map { ($0.rawValue, $0.definition) })
        graph = [
            "nodes": "the people of the directory (users, plus mailbox owners not in users); outsiders are counted in external_strength, never nodes",
            "mail_edges": "sender -> each recipient, weight 1/|recipients|; a Cc or Bcc recipient's weight times ccWeight; mail to more than massMailRecipients recipients left out; mail de-duplicated by internetMessageId across mailboxes",
            "meeting_edges": "for meetings that count at all (not cancelled, not all-day, at most maxMeetingHours, at least minAcceptedParticipants accepted), each ordered pair of accepted people gets hours x 1/(n-1), n the accepted participants; meetings with more than massMeetingParticipants accepted (all-hands) left out of the graph and of network size; meetings de-duplicated by iCalUId and start across calendars",
            "interning": "addresses, user ids, internetMessageIds and iCalUIds are compared by a 64-bit hash of their pseudonymized text (ASCII case folded) as they are read; two different values collide with probability about 2^-64 per pair",
            "reciprocal": "a tie is reciprocal when both directions have weight",
            "pagerank": "weighted PageRank on the directed graph, damping 0.85, dangling rank spread evenly (networkx's definition), L1 tolerance 1e-13 per node",
            "betweenness": "Brandes on the undirected graph of reciprocal ties, in hops; betweenness_weighted uses distance 1/(w(u->v) + w(v->u)); each pair counted once (networkx normalized=False); normalized divides by (n-1)(n-2)/2; exact (every node a source) up to exactBetweennessLimit nodes; above it Brandes-Pich pivot sampling: k = min(betweennessPivots, max(betweennessMinimumPivots, betweennessEdgeBudget / edge slots of the reciprocal graph)) sources drawn with the seed, sums scaled by n/k; k and a 95% Hoeffding bound (union over nodes) on normalized values, sqrt(ln(2n/0.05)/(2k)), are reported in data_quality (betweenness_sources, betweenness_error_bound)",
            "constraint": "Burt's constraint on mutual weights w(u->v) + w(v->u) (networkx's constraint with weight)",
            "effective_size": "Burt's effective size on the same mutual weights (networkx's effective_size with weight)",
            "communities": "Leiden on the undirected graph w(u->v) + w(v->u), modularity with resolution; seeded node order (seed); coarse level: the whole graph at coarseResolution; fine level: Leiden again inside each coarse community at fineResolution, which escapes modularity's resolution limit (small teams merged at resolution 1)",
            "modularity": "Newman's modularity of each level on the whole undirected graph at coarseResolution",
            "density": "ties (undirected pairs with any weight) inside a group / the n(n-1)/2 pairs it has",
            "ei_index": "Krackhardt's E-I index: (ties leaving the group - ties inside) / (all ties of its members)",
            "insularity": "the share of the members' undirected tie weight that stays inside the group",
            "group_ties": "directed tie weight summed from each published group to each",
        ]
        privacy = [
            "input": "refused unless every manifest names one and the same pseudonym key id (--allow-unpseudonymized, --allow-mixed-keys override)",
            "k_anonymity": "no published cell describes fewer than minimumGroupSize people (default 10, never below 5): smaller groups are merged into 'other'",
            "complementary_suppression": "when 'other' would still have fewer than k people, the smallest published group is merged into it too, until it has k; every difference of published cells is then a union of published groups of k or more",
            "group_means": "group-week means are over all members, inactive weeks as zero; a week's cell is published only when at least minimumGroupSize of its members were active that week, and when one is withheld, the groups with the fewest active people are withheld too until the withheld ones hold minimumGroupSize active people together (or the 'all' row is withheld), so that no difference of published cells describes fewer; without noise nothing is clipped",
            "noise": "with --noise EPSILON, each group-week sum of clipped values (hoursClip for hours, countClip for counts) gets Laplace noise of scale clip/EPSILON, drawn from a seed taken from the system's randomness for each analysis and never written out; the budget is per cell (per metric and week), not over the whole report",
            "person_level": "person_week, person_network and edges are written only with --person-level; they carry pseudonyms only",
        ]
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}
