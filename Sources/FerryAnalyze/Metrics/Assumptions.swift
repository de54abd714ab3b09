/// Every constant the metrics depend on, named, with its default; written into `definitions.json`.
public struct Assumptions: Codable, Sendable, Equatable {
    /// Minutes attributed to reading one received mail (Viva's published 29.2 s reading + 58 s refocus).
    public var minutesPerReadMail = 87.2 / 60
    /// Minutes attributed to writing one sent mail (Viva does not publish its figure; ours).
    public var minutesPerSentMail = 5.0
    /// Weight of a Cc recipient's tie relative to a To recipient's.
    public var ccWeight = 0.5
    /// Mail to more recipients than this is mass mail: counted in mail metrics, left out of the graph.
    public var massMailRecipients = 25
    /// Meetings with more accepted participants than this (all-hands, town halls) are left out of the graph and
    /// of network size, as mail to more than `massMailRecipients` is; they still count in meeting hours. An
    /// all-hands would tie every pair of its n people (n x (n - 1) ties), making a department one clique whose
    /// every chance cross-department tie looks like a bridge. The anchors cut lower still (Data Connect's
    /// template keeps meetings of up to 5 attendees, Viva's legacy network size 2 to 8 participants).
    public var massMeetingParticipants = 25
    /// Meetings longer than this many hours are left out (Viva's default: 24).
    public var maxMeetingHours = 24.0
    /// Meetings with fewer accepted participants (organizer included) are left out (Viva's default: 2).
    public var minAcceptedParticipants = 2
    /// The show-as states that count a meeting as time spent (others: free, tentative, unknown).
    public var busyShowAs = ["busy", "oof", "workingElsewhere"]
    /// Meetings with at most this many invitees are small; more are large (Viva: 8).
    public var smallMeetingMaxInvitees = 8
    /// Meetings longer than this many minutes are long (Viva: 60).
    public var longMeetingMinutes = 60.0
    /// Network size counts reciprocal interactions within this many weeks up to the week (Viva: 4).
    public var networkWindowWeeks = 4
    /// Leiden resolution of the coarse community level (departments).
    public var coarseResolution = 1.0
    /// Leiden resolution used within each coarse community for the fine level (teams).
    public var fineResolution = 1.0
    /// Seed of Leiden's random node order: the same seed gives the same communities.
    public var seed: UInt64 = 42
    /// Exact betweenness up to this many nodes; above it, pivot sampling with a reported error bound.
    public var exactBetweennessLimit = 5_000
    /// Pivots sampled for approximate betweenness, at most.
    public var betweennessPivots = 1_000
    /// Pivots sampled for approximate betweenness, at least, whatever the budget.
    public var betweennessMinimumPivots = 64
    /// Edge slots (each undirected reciprocal tie twice) all pivots' searches of one betweenness variant may
    /// visit together: pivots = min(betweennessPivots, max(betweennessMinimumPivots, budget / edge slots)).
    public var betweennessEdgeBudget = 2e8

    public init() {}
}
