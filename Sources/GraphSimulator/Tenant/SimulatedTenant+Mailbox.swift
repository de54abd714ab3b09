extension SimulatedTenant {
    /// The mailbox of a directory user, or nil if the user has none or is not in the directory.
    func mailbox(ofUserAt index: Int) -> SimulatedMailbox? {
        guard (0..<userCount).contains(index), hasMailbox(userAt: index) else { return nil }
        let (identity, officeDraw) = identity(at: index)
        guard let mail = identity.mail else { return nil }
        var counts = SimulatedMailbox.Counts()
        counts.inbox = count(.messageCount, average: messagesPerUser, index: index)
        counts.sentItems = plantedSentItemCount(count(.sentItemCount, average: sentItemsPerUser, index: index), ofUserAt: index)
        counts.events = count(.eventCount, average: eventsPerUser, index: index)
        counts.contacts = count(.contactCount, average: contactsPerUser, index: index)
        return SimulatedMailbox(
            userIndex: index, firstGeneration: generationAdded(userAt: index),
            owner: SimulatedEmailAddress(name: identity.displayName, address: mail),
            ownerGivenName: identity.givenName, counts: counts, seed: seed,
            sentShift: sentItemShift(ofUserAt: index, officeDraw: officeDraw), plantedMail: plantedMailLayout(ofUserAt: index))
    }

    /// A count between 0 and twice the average, uniformly, from its own stream.
    private func count(_ stream: GenerationStream, average: Int, index: Int) -> Int {
        let spread = UInt64(2 * average + 1)
        return Int(SplitMix64.hash(seed, stream.rawValue, UInt64(truncatingIfNeeded: index)) % spread)
    }

    /// The items of a collection of a mailbox now, newest first, as runs of ordinals: first what later
    /// generations added (newest generation first), then the first generation's items without those deleted since.
    func itemRuns(
        of collection: ItemCollection, in mailbox: SimulatedMailbox, baseCount: Int,
        timeOf: (Int) -> Int64, from lower: Int64? = nil, before upper: Int64? = nil
    ) -> OrdinalRuns {
        var runs = OrdinalRuns()
        if generation > mailbox.firstGeneration {
            for step in stride(from: generation, to: mailbox.firstGeneration, by: -1) {
                let added = itemsAdded(to: collection, of: mailbox, generation: step)
                let base = Self.ordinal(generation: step, index: 0)
                let window = Self.window(count: added, lower: lower, upper: upper) { timeOf(base + $0) }
                runs.append((base + window.lowerBound)..<(base + window.upperBound))
            }
        }
        let window = Self.window(count: baseCount, lower: lower, upper: upper, timeOf: timeOf)
        var start = window.lowerBound
        for deleted in itemsDeleted(from: collection, of: mailbox, baseCount: baseCount) where window.contains(deleted.ordinal) {
            runs.append(start..<deleted.ordinal)
            start = deleted.ordinal + 1
        }
        runs.append(start..<window.upperBound)
        return runs
    }

    /// The positions `0..<count` whose times lie in `lower..<upper`, for times that fall as the position rises.
    static func window(count: Int, lower: Int64?, upper: Int64?, timeOf: (Int) -> Int64) -> Range<Int> {
        // Times do not increase with position, so each bound is one binary search for a boundary.
        let first = upper.map { upper in firstPosition(in: 0..<count) { timeOf($0) < upper } } ?? 0
        let end = lower.map { lower in firstPosition(in: 0..<count) { timeOf($0) < lower } } ?? count
        return first..<max(first, end)
    }

    /// The first position in `positions` for which `predicate` holds (the end if none does), given that it
    /// holds for every position after one where it holds.
    static func firstPosition(in positions: Range<Int>, where predicate: (Int) -> Bool) -> Int {
        var low = positions.lowerBound
        var high = positions.upperBound
        while low < high {
            let middle = (low + high) / 2
            if predicate(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
