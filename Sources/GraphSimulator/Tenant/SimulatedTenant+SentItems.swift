extension SimulatedTenant {
    /// Draws one message of a mailbox's Sent Items: from the owner to one to three people, mostly colleagues.
    ///
    /// Drawn sent mail is not mirrored in other Inboxes: finding who mailed a user would need an index of the
    /// whole tenant, which on-the-fly generation avoids. Only planted mail, whose senders and recipients the
    /// manager tree gives arithmetically, is in both (see `SimulatedTenant+PlantedMail`).
    func sentDraft(in mailbox: SimulatedMailbox, ordinal: Int) -> MessageDraft {
        var random = SplitMix64(
            seed: SplitMix64.hash(
                seed, GenerationStream.sentItem.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex),
                UInt64(truncatingIfNeeded: ordinal)))
        let sent = receivedSecond(in: mailbox, folder: .sentItems, ordinal: ordinal)
        var toRecipients: [SimulatedEmailAddress] = []
        var firstKey: UInt64 = 0
        for position in 0..<(1 + random.below(3)) {
            let (address, key) = correspondent(excluding: mailbox.userIndex, internalPercent: 85, random: &random)
            if position == 0 { firstKey = key }
            toRecipients.append(address)
        }
        var ccRecipients: [SimulatedEmailAddress] = []
        for _ in 0..<Self.recipientCounts[random.below(Self.recipientCounts.count)] {
            ccRecipients.append(correspondent(excluding: mailbox.userIndex, internalPercent: 90, random: &random).address)
        }
        let topic = random.below(MessageVocabulary.subjects.count)
        let prefixRoll = random.below(100)
        let sentences = (0..<(1 + random.below(3))).map { _ in random.below(MessageVocabulary.sentences.count) }
        let importanceRoll = random.below(100)
        let greeting = toRecipients[0].name.split(separator: " ").first.map(String.init) ?? toRecipients[0].name
        return MessageDraft(
            mailbox: mailbox,
            folder: .sentItems,
            ordinal: ordinal,
            greeting: greeting,
            received: sent,
            sent: sent,
            lastModified: sent + Int64(random.below(5)),
            from: mailbox.owner,
            toRecipients: toRecipients,
            ccRecipients: ccRecipients,
            topic: topic,
            subjectPrefix: prefixRoll < 30 ? 0 : prefixRoll < 40 ? 1 : nil,
            sentences: sentences,
            importance: importanceRoll < 3 ? "low" : importanceRoll < 10 ? "high" : "normal",
            isRead: true,
            hasAttachments: random.chance(15),
            isReadReceiptRequested: random.chance(2),
            categories: random.chance(5) ? random.pick(MessageVocabulary.categories) : [],
            inferenceClassification: "focused",
            flagStatus: "notFlagged",
            changeNumber: random.next(),
            conversation: SplitMix64.hash(seed, UInt64(truncatingIfNeeded: topic), firstKey),
            internetMessageWord: random.next())
    }
}
