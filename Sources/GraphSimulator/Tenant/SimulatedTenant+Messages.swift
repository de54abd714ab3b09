extension SimulatedTenant {
    /// All messages of the user's Inbox now, newest first; empty for users without a mailbox.
    public func messages(ofUserAt index: Int) -> [SimulatedMessage] {
        messages(in: .inbox, ofUserAt: index)
    }

    /// All messages of one of the user's folders now, newest first; empty for users without a mailbox.
    public func messages(in folder: SimulatedMailFolder, ofUserAt index: Int) -> [SimulatedMessage] {
        guard let mailbox = mailbox(ofUserAt: index) else { return [] }
        return messageRuns(in: mailbox, folder: folder).map { SimulatedMessage(draft(in: mailbox, folder: folder, ordinal: $0)) }
    }

    /// All messages of the user's Sent Items now, newest first.
    public func sentItems(ofUserAt index: Int) -> [SimulatedMessage] {
        messages(in: .sentItems, ofUserAt: index)
    }

    /// The ordinals of a folder's messages received in `lower..<upper` (seconds; nil leaves that side open),
    /// newest first: the drawn messages with the planted ones spliced in at their times.
    func messageRuns(in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, from lower: Int64? = nil, before upper: Int64? = nil) -> OrdinalRuns {
        let timeOf = { (ordinal: Int) in receivedSecond(in: mailbox, folder: folder, ordinal: ordinal) }
        let runs = itemRuns(
            of: folder == .inbox ? .inbox : .sentItems, in: mailbox, baseCount: mailbox.folder(folder).drawn,
            timeOf: timeOf, from: lower, before: upper)
        let planted = plantedMailPositions(in: mailbox, folder: folder, from: lower, before: upper, drawnTime: timeOf)
        return planted.isEmpty ? runs : runs.inserting(planted, amongOrdinalsBelow: 1 << Self.generationShift)
    }

    /// When the drawn message at `ordinal` was received, in whole seconds since 1970.
    ///
    /// Message `ordinal` lies in its own slice of the mail, counted from the newest, at a hashed point within
    /// that slice: times are therefore sorted by ordinal and each one is computed alone. Messages added by a
    /// later generation are spread the same way over that generation's hour after the anchor.
    func receivedSecond(in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, ordinal: Int) -> Int64 {
        let stream: GenerationStream = folder == .inbox ? .messageTime : .sentItemTime
        var random = SplitMix64(
            seed: SplitMix64.hash(seed, stream.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        let step = ordinal >> Self.generationShift
        guard step > 0 else {
            let count = mailbox.folder(folder).drawn
            let fraction = (Double(count - 1 - ordinal) + random.unit()) / Double(count)
            let second = timeline.second(at: min(fraction, 1.0.nextDown))
            guard folder == .sentItems, mailbox.sentShift != 0 else { return second }
            // The same shift for every item keeps times falling as the ordinal rises; clamped to the window.
            return min(max(second + mailbox.sentShift, timeline.start), timeline.end - 1)
        }
        let added = itemsAdded(to: folder == .inbox ? .inbox : .sentItems, of: mailbox, generation: step)
        let position = ordinal & (1 << Self.generationShift - 1)
        let fraction = min((Double(added - 1 - position) + random.unit()) / Double(max(1, added)), 1.0.nextDown)
        return anchorSeconds + Int64(step - 1) * Self.generationSpan + Int64(fraction * Double(Self.generationSpan))
    }

    /// The drafts of a page of the folder's messages in `runs` that pass `filter`, after skipping `skip` of
    /// them, and whether more pass after the page.
    func drafts(
        in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, runs: OrdinalRuns, matching filter: ODataFilter, skip: Int, top: Int
    ) -> (page: [MessageDraft], hasMore: Bool) {
        var page: [MessageDraft] = []
        var matched = 0
        for ordinal in runs {
            let draft = draft(in: mailbox, folder: folder, ordinal: ordinal)
            guard filter.matches(draft.filterValue) else { continue }
            if matched >= skip + top { return (page, true) }
            if matched >= skip { page.append(draft) }
            matched += 1
        }
        return (page, false)
    }

    /// Draws one message of a folder; its text is built only when asked for.
    func draft(in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, ordinal: Int) -> MessageDraft {
        if PlantedMailLayout.isPlanted(ordinal) { return plantedDraft(in: mailbox, folder: folder, ordinal: ordinal) }
        return folder == .inbox ? draft(in: mailbox, ordinal: ordinal) : sentDraft(in: mailbox, ordinal: ordinal)
    }

    /// Draws one message of a mailbox; its text is built only when asked for.
    func draft(in mailbox: SimulatedMailbox, ordinal: Int) -> MessageDraft {
        var random = SplitMix64(
            seed: SplitMix64.hash(seed, GenerationStream.message.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        let received = receivedSecond(in: mailbox, folder: .inbox, ordinal: ordinal)
        let (from, fromKey) = correspondent(excluding: mailbox.userIndex, internalPercent: 85, random: &random)
        var toRecipients = [mailbox.owner]
        for _ in 0..<Self.recipientCounts[random.below(Self.recipientCounts.count)] {
            toRecipients.append(correspondent(excluding: mailbox.userIndex, internalPercent: 90, random: &random).address)
        }
        let rest = drawCopiesAndText(in: mailbox, random: &random)
        return MessageDraft(
            mailbox: mailbox,
            folder: .inbox,
            ordinal: ordinal,
            greeting: mailbox.ownerGivenName,
            received: received,
            sent: received - Int64(1 + random.below(90)),
            lastModified: received + Int64(random.below(3600)),
            from: from,
            toRecipients: toRecipients,
            ccRecipients: rest.ccRecipients,
            topic: rest.topic,
            subjectPrefix: rest.prefixRoll < 20 ? 0 : rest.prefixRoll < 25 ? 1 : nil,
            sentences: rest.sentences,
            importance: rest.importanceRoll < 5 ? "low" : rest.importanceRoll < 15 ? "high" : "normal",
            isRead: random.chance(70),
            hasAttachments: random.chance(15),
            isReadReceiptRequested: random.chance(3),
            categories: random.chance(10) ? random.pick(MessageVocabulary.categories) : [],
            inferenceClassification: random.chance(80) ? "focused" : "other",
            flagStatus: random.chance(5) ? "flagged" : "notFlagged",
            changeNumber: random.next(),
            // Replies on a topic from the same correspondent share a conversation.
            conversation: SplitMix64.hash(seed, UInt64(truncatingIfNeeded: rest.topic), fromKey),
            internetMessageWord: random.next())
    }

    /// How many extra To and Cc recipients a message has, drawn uniformly: mostly none.
    static let recipientCounts = [0, 0, 0, 1, 2]

    /// What a drawn message, received or sent, draws after its sender and To recipients.
    struct CopiesAndText {
        let ccRecipients: [SimulatedEmailAddress]
        let topic: Int
        /// 0–99: whether the subject has a prefix (`Re: `, `Fw: `), by each folder's odds.
        let prefixRoll: Int
        let sentences: [Int]
        /// 0–99: the importance, by each folder's odds.
        let importanceRoll: Int
    }

    /// Draws, in this order, the Cc recipients (mostly colleagues), the topic, the subject prefix's roll,
    /// the body's sentences and the importance's roll.
    func drawCopiesAndText(in mailbox: SimulatedMailbox, random: inout SplitMix64) -> CopiesAndText {
        var ccRecipients: [SimulatedEmailAddress] = []
        for _ in 0..<Self.recipientCounts[random.below(Self.recipientCounts.count)] {
            ccRecipients.append(correspondent(excluding: mailbox.userIndex, internalPercent: 90, random: &random).address)
        }
        let topic = random.below(MessageVocabulary.subjects.count)
        let prefixRoll = random.below(100)
        let sentences = (0..<(1 + random.below(3))).map { _ in random.below(MessageVocabulary.sentences.count) }
        return CopiesAndText(
            ccRecipients: ccRecipients, topic: topic, prefixRoll: prefixRoll, sentences: sentences,
            importanceRoll: random.below(100))
    }

    /// Someone who mails the mailbox owner: mostly another user of the tenant, otherwise an outsider.
    /// The key identifies the correspondent so that replies on a topic share a conversation.
    func correspondent(
        excluding owner: Int, internalPercent: Int, random: inout SplitMix64
    ) -> (address: SimulatedEmailAddress, key: UInt64) {
        // Drawn from the first generation's users, so that evolving the tenant never rewrites existing mail.
        if baseUserCount > 1, random.chance(internalPercent) {
            // Mostly the owner's team, then department; bridges reach across departments (the planted structure).
            let other = plantedColleague(of: owner, random: &random)
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
