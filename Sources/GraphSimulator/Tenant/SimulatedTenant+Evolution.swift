/// How the tenant changes from one generation to the next, as pure functions of `(seed, generation)`.
///
/// Nothing is recorded when the tenant evolves: whether user 17 was deleted in generation 3 is a hash, so
/// any generation can be rebuilt (for ground truth) and the evolved tenant costs no more memory than the first.
/// Each generation adds users, deletes and changes a few, and adds items to (and removes one from) mailboxes.
extension SimulatedTenant {
    /// Seconds of simulated time between generations: generation `g`'s new items are dated in the `g`th hour
    /// after the anchor.
    static let generationSpan: Int64 = 3600

    /// The same tenant at another generation: earlier (what a delta link saw) or later.
    public func atGeneration(_ generation: Int) -> SimulatedTenant {
        guard generation != self.generation else { return self }
        var configuration = configuration
        configuration.generation = generation
        return SimulatedTenant(configuration: configuration)
    }

    /// Users each generation adds, after the existing indexes.
    static func usersAdded(perGenerationFor baseUserCount: Int) -> Int {
        max(1, baseUserCount / 200)
    }

    /// The generation that added the user at `index`: 0 for the first directory.
    func generationAdded(userAt index: Int) -> Int {
        guard index >= baseUserCount else { return 0 }
        return (index - baseUserCount) / Self.usersAdded(perGenerationFor: baseUserCount) + 1
    }

    /// Per-mille roll of what happens to a user in one generation: below 4 deleted, below 14 changed.
    private func userRoll(_ index: Int, generation: Int) -> UInt64 {
        SplitMix64.hash(seed, GenerationStream.evolution.rawValue, UInt64(truncatingIfNeeded: index), UInt64(generation)) % 1000
    }

    /// The generation in which the user at `index` was deleted, or nil if it is still present.
    func generationDeleted(userAt index: Int) -> Int? {
        let first = generationAdded(userAt: index) + 1
        guard first <= generation else { return nil }
        for step in first...generation where userRoll(index, generation: step) < 4 {
            return step
        }
        return nil
    }

    /// The latest generation in which the user's job details changed (0: never).
    func generationChanged(userAt index: Int) -> Int {
        let first = generationAdded(userAt: index) + 1
        guard first <= generation else { return 0 }
        var latest = 0
        for step in first...generation {
            let roll = userRoll(index, generation: step)
            if roll < 4 { break }
            if roll < 14 { latest = step }
        }
        return latest
    }

    /// Whether the user at `index` is in the directory now: in range and not deleted.
    public func isPresent(userAt index: Int) -> Bool {
        (0..<userCount).contains(index) && generationDeleted(userAt: index) == nil
    }

    // MARK: Mailbox items

    /// The collections of a mailbox that gain and lose items between generations.
    enum ItemCollection: UInt64 {
        case inbox = 1
        case sentItems = 2
        case events = 3
    }

    /// Item ordinals carry the generation that added them above this bit; the first generation's are plain.
    static let generationShift = 20

    static func ordinal(generation: Int, index: Int) -> Int {
        generation << generationShift | index
    }

    /// How many items generation `step` (1 or more) adds to a collection of a mailbox.
    func itemsAdded(to collection: ItemCollection, of mailbox: SimulatedMailbox, generation step: Int) -> Int {
        let average: Int
        switch collection {
        case .inbox: average = (messagesPerUser + 9) / 10
        case .sentItems: average = (sentItemsPerUser + 9) / 10
        case .events: average = (eventsPerUser + 4) / 5
        }
        guard average > 0 else { return 0 }
        let hash = SplitMix64.hash(
            seed, GenerationStream.generationItems.rawValue, collection.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex),
            UInt64(step))
        return Int(hash % UInt64(2 * average + 1))
    }

    /// The first-generation item that generation `step` deletes from a collection, if any (a quarter of the time).
    func itemDeleted(from collection: ItemCollection, of mailbox: SimulatedMailbox, baseCount: Int, generation step: Int) -> Int? {
        guard baseCount > 0, step >= 1 else { return nil }
        var random = SplitMix64(
            seed: SplitMix64.hash(
                seed, GenerationStream.generationItems.rawValue, collection.rawValue + 100,
                UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(step)))
        guard random.chance(25) else { return nil }
        return random.below(baseCount)
    }

    /// First-generation items deleted by now, with the generation that deleted each, sorted by ordinal.
    func itemsDeleted(from collection: ItemCollection, of mailbox: SimulatedMailbox, baseCount: Int) -> [(ordinal: Int, generation: Int)] {
        guard generation > 0, mailbox.firstGeneration < generation else { return [] }
        var deleted: [Int: Int] = [:]
        for step in (mailbox.firstGeneration + 1)...generation {
            if let ordinal = itemDeleted(from: collection, of: mailbox, baseCount: baseCount, generation: step), deleted[ordinal] == nil {
                deleted[ordinal] = step
            }
        }
        return deleted.map { (ordinal: $0.key, generation: $0.value) }.sorted { $0.ordinal < $1.ordinal }
    }
}
