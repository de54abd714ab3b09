extension SimulatedTenant {
    /// All messages of the user's Inbox, newest first; empty for users without a mailbox.
    public func messages(ofUserAt index: Int) -> [SimulatedMessage] {
        guard let mailbox = mailbox(ofUserAt: index) else { return [] }
        return (0..<mailbox.messageCount).map { message(in: mailbox, ordinal: $0) }
    }

    /// The mailbox of a directory user, or nil if the user has none or is not in the directory.
    func mailbox(ofUserAt index: Int) -> SimulatedMailbox? {
        guard (0..<userCount).contains(index), hasMailbox(userAt: index) else { return nil }
        let identity = identity(at: index).identity
        guard let mail = identity.mail else { return nil }
        let spread = UInt64(2 * messagesPerUser + 1)
        let count = Int(SplitMix64.hash(seed, GenerationStream.messageCount.rawValue, UInt64(truncatingIfNeeded: index)) % spread)
        return SimulatedMailbox(
            userIndex: index, owner: SimulatedEmailAddress(name: identity.displayName, address: mail),
            ownerGivenName: identity.givenName, messageCount: count, seed: seed)
    }

    /// When the message at `ordinal` was received, in whole seconds since 1970.
    ///
    /// Message `ordinal` lies in its own slice of the mail, counted from the newest, at a hashed point within
    /// that slice: times are therefore sorted by ordinal and each one is computed alone.
    func receivedSecond(in mailbox: SimulatedMailbox, ordinal: Int) -> Int64 {
        let slice = mailbox.messageCount - 1 - ordinal
        var random = SplitMix64(
            seed: SplitMix64.hash(seed, GenerationStream.messageTime.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        let fraction = (Double(slice) + random.unit()) / Double(mailbox.messageCount)
        return timeline.second(at: min(fraction, 1.0.nextDown))
    }

    /// The ordinals of the messages received in `lower..<upper` (seconds; nil leaves that side open).
    func ordinals(in mailbox: SimulatedMailbox, receivedFrom lower: Int64?, before upper: Int64?) -> Range<Int> {
        // Times do not increase with ordinal, so each bound is one binary search for a boundary.
        let first = upper.map { upper in firstOrdinal(in: mailbox) { receivedSecond(in: mailbox, ordinal: $0) < upper } } ?? 0
        let end = lower.map { lower in firstOrdinal(in: mailbox) { receivedSecond(in: mailbox, ordinal: $0) < lower } }
            ?? mailbox.messageCount
        return first..<max(first, end)
    }

    /// The first ordinal for which `predicate` holds, given that it holds for every ordinal after it.
    private func firstOrdinal(in mailbox: SimulatedMailbox, where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = mailbox.messageCount
        while low < high {
            let middle = (low + high) / 2
            if predicate(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Generates one message of a mailbox.
    func message(in mailbox: SimulatedMailbox, ordinal: Int) -> SimulatedMessage {
        SimulatedMessage(draft(in: mailbox, ordinal: ordinal))
    }

    /// Draws one message of a mailbox; its text is built only when asked for.
    func draft(in mailbox: SimulatedMailbox, ordinal: Int) -> MessageDraft {
        var random = SplitMix64(
            seed: SplitMix64.hash(seed, GenerationStream.message.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        let received = receivedSecond(in: mailbox, ordinal: ordinal)
        let (from, fromKey) = correspondent(excluding: mailbox.userIndex, internalPercent: 85, random: &random)
        var toRecipients = [mailbox.owner]
        for _ in 0..<Self.recipientCounts[random.below(Self.recipientCounts.count)] {
            toRecipients.append(correspondent(excluding: mailbox.userIndex, internalPercent: 90, random: &random).address)
        }
        var ccRecipients: [SimulatedEmailAddress] = []
        for _ in 0..<Self.recipientCounts[random.below(Self.recipientCounts.count)] {
            ccRecipients.append(correspondent(excluding: mailbox.userIndex, internalPercent: 90, random: &random).address)
        }
        let topic = random.below(MessageVocabulary.subjects.count)
        let prefixRoll = random.below(100)
        let sentences = (0..<(1 + random.below(3))).map { _ in random.below(MessageVocabulary.sentences.count) }
        let importanceRoll = random.below(100)
        return MessageDraft(
            mailbox: mailbox,
            ordinal: ordinal,
            received: received,
            sent: received - Int64(1 + random.below(90)),
            lastModified: received + Int64(random.below(3600)),
            from: from,
            toRecipients: toRecipients,
            ccRecipients: ccRecipients,
            topic: topic,
            subjectPrefix: prefixRoll < 20 ? 0 : prefixRoll < 25 ? 1 : nil,
            sentences: sentences,
            importance: importanceRoll < 5 ? "low" : importanceRoll < 15 ? "high" : "normal",
            isRead: random.chance(70),
            hasAttachments: random.chance(15),
            isReadReceiptRequested: random.chance(3),
            categories: random.chance(10) ? random.pick(MessageVocabulary.categories) : [],
            inferenceClassification: random.chance(80) ? "focused" : "other",
            flagStatus: random.chance(5) ? "flagged" : "notFlagged",
            changeNumber: random.next(),
            // Replies on a topic from the same correspondent share a conversation.
            conversation: SplitMix64.hash(seed, UInt64(truncatingIfNeeded: topic), fromKey),
            internetMessageWord: random.next())
    }

    /// How many extra To and Cc recipients a message has, drawn uniformly: mostly none.
    private static let recipientCounts = [0, 0, 0, 1, 2]

    /// Someone who mails the mailbox owner: mostly another user of the tenant, otherwise an outsider.
    /// The key identifies the correspondent so that replies on a topic share a conversation.
    private func correspondent(
        excluding owner: Int, internalPercent: Int, random: inout SplitMix64
    ) -> (address: SimulatedEmailAddress, key: UInt64) {
        if userCount > 1, random.chance(internalPercent) {
            var other = random.below(userCount)
            if other == owner { other = (other + 1) % userCount }
            if let address = emailAddress(ofUserAt: other) { return (address, UInt64(truncatingIfNeeded: other)) }
        }
        let given = random.pick(TenantVocabulary.givenNames)
        let surname = random.pick(TenantVocabulary.surnames)
        let domain = random.pick(TenantVocabulary.externalDomains)
        let address = SimulatedEmailAddress(
            name: given.display + " " + surname.display, address: given.ascii + "." + surname.ascii + "@" + domain)
        return (address, SplitMix64.hash(UInt64(address.address.utf8.count), random.next()))
    }
}
