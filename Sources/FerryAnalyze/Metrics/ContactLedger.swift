/// Who interacted with whom, in which direction and week: the basis of network size.
struct ContactLedger {
    /// Per person and week, the keys of those they reached and those who reached them.
    private var outgoing: [[Int: Set<String>]]
    private var incoming: [[Int: Set<String>]]
    private var internalKeys = Set<String>()

    init(people: Int) {
        outgoing = Array(repeating: [:], count: people)
        incoming = Array(repeating: [:], count: people)
    }

    private static func key(_ participant: Participant) -> String {
        participant.isPerson ? "#\(participant.person)" : participant.address
    }

    mutating func record(from sender: Participant, to recipient: Participant, week: Int) {
        if sender.isPerson {
            let key = Self.key(recipient)
            outgoing[Int(sender.person)][week, default: []].insert(key)
            if recipient.isInternal { internalKeys.insert(key) }
        }
        if recipient.isPerson {
            let key = Self.key(sender)
            incoming[Int(recipient.person)][week, default: []].insert(key)
            if sender.isInternal { internalKeys.insert(key) }
        }
    }

    /// The number of internal and external keys reached in both directions within `weeks` weeks ending with `week`.
    func reciprocalCounts(of person: Int, endingWith week: Int, weeks: Int) -> (internal: Int, external: Int) {
        var out = Set<String>()
        var into = Set<String>()
        for offset in 0..<max(1, weeks) {
            let day = week - 7 * offset
            out.formUnion(outgoing[person][day] ?? [])
            into.formUnion(incoming[person][day] ?? [])
        }
        let both = out.intersection(into)
        let internalCount = both.filter { internalKeys.contains($0) }.count
        return (internalCount, both.count - internalCount)
    }
}
