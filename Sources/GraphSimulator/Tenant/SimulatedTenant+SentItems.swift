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
        let rest = drawCopiesAndText(in: mailbox, random: &random)
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
            ccRecipients: rest.ccRecipients,
            topic: rest.topic,
            subjectPrefix: rest.prefixRoll < 30 ? 0 : rest.prefixRoll < 40 ? 1 : nil,
            sentences: rest.sentences,
            importance: rest.importanceRoll < 3 ? "low" : rest.importanceRoll < 10 ? "high" : "normal",
            isRead: true,
            hasAttachments: random.chance(15),
            isReadReceiptRequested: random.chance(2),
            categories: random.chance(5) ? random.pick(MessageVocabulary.categories) : [],
            inferenceClassification: "focused",
            flagStatus: "notFlagged",
            changeNumber: random.next(),
            conversation: SplitMix64.hash(seed, UInt64(truncatingIfNeeded: rest.topic), firstKey),
            internetMessageWord: random.next())
    }
}
