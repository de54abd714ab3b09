/// The copies of planted mail in a mailbox's folders: where each is listed, and each copy's fields.
extension SimulatedTenant {
    /// The planted messages of a folder received in `lower..<upper` (seconds; nil leaves that side open),
    /// newest first, each with the drawn ordinal it is listed before: the first one received earlier.
    ///
    /// Drawn times fall as the ordinal rises, so each position is one binary search, started from the
    /// previous one; a mailbox has a few planted messages a week.
    func plantedMailPositions(
        in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, from lower: Int64?, before upper: Int64?,
        drawnTime: (Int) -> Int64
    ) -> [(before: Int, ordinal: Int)] {
        let entries = mailbox.plantedMail.series(in: folder)
        guard !entries.isEmpty else { return [] }
        var planted: [(time: Int64, ordinal: Int)] = []
        for (slot, entry) in entries.enumerated() {
            for week in entry.weeks {
                var time = entry.sent(week: week)
                if folder == .inbox {
                    time += plantedDelay(messageKey: plantedMessageKey(entry.series, week: week), recipient: mailbox.userIndex)
                }
                guard lower.map({ time >= $0 }) ?? true, upper.map({ time < $0 }) ?? true else { continue }
                planted.append((time, PlantedMailLayout.ordinal(slot: slot, week: week)))
            }
        }
        planted.sort { ($0.time, $1.ordinal) > ($1.time, $0.ordinal) }
        let drawn = mailbox.folder(folder).drawn
        var position = 0
        return planted.map { message in
            position = Self.firstPosition(in: position..<drawn) { drawnTime($0) < message.time }
            return (position, message.ordinal)
        }
    }

    func plantedMessageKey(_ series: PlantedMailSeries, week: Int) -> UInt64 {
        SplitMix64.hash(plantedMailKey(series), UInt64(truncatingIfNeeded: week))
    }

    /// The owner's copy of the planted message at `ordinal` of a folder: the sender's in Sent Items, a
    /// recipient's in the Inbox. What the sender wrote is drawn from the message's stream, the same in every
    /// copy; what the owner did with it from the owner's own.
    func plantedDraft(in mailbox: SimulatedMailbox, folder: SimulatedMailFolder, ordinal: Int) -> MessageDraft {
        let (slot, week) = PlantedMailLayout.slotAndWeek(of: ordinal)
        let entry = mailbox.plantedMail.series(in: folder)[slot]
        let sent = entry.sent(week: week)
        let key = plantedMessageKey(entry.series, week: week)
        let (senderIndex, recipientIndexes) = participants(of: entry.series)
        var message = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.plantedMail.rawValue, key))
        let sentences = (0..<(1 + message.below(3))).map { _ in message.below(MessageVocabulary.sentences.count) }
        let isTeamNote = if case .teamNote = entry.series { true } else { false }
        let hasAttachments = message.chance(isTeamNote ? 20 : 10)
        let internetMessageWord = message.next()
        let conversation = message.next()
        var own = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.plantedMail.rawValue, key, UInt64(truncatingIfNeeded: mailbox.userIndex)))

        func address(_ index: Int) -> SimulatedEmailAddress {
            index == mailbox.userIndex ? mailbox.owner : emailAddress(ofUserAt: index) ?? mailbox.owner
        }
        let greeting: String
        if isTeamNote {
            greeting = "team"
        } else if recipientIndexes.first == mailbox.userIndex {
            greeting = mailbox.ownerGivenName
        } else {
            greeting = recipientIndexes.first.map { identity(at: $0).identity.givenName } ?? ""
        }
        let isSenderCopy = folder == .sentItems
        let received = isSenderCopy ? sent : sent + plantedDelay(messageKey: key, recipient: mailbox.userIndex)
        return MessageDraft(
            mailbox: mailbox,
            folder: folder,
            ordinal: ordinal,
            greeting: greeting,
            received: received,
            sent: sent,
            lastModified: received + Int64(isSenderCopy ? own.below(5) : own.below(3600)),
            from: address(senderIndex),
            toRecipients: recipientIndexes.map(address),
            ccRecipients: [],
            topic: MessageVocabulary.subjects.count + (isTeamNote ? 0 : 1),
            subjectPrefix: nil,
            sentences: sentences,
            importance: "normal",
            isRead: isSenderCopy || own.chance(85),
            hasAttachments: hasAttachments,
            isReadReceiptRequested: false,
            categories: [],
            inferenceClassification: "focused",
            flagStatus: !isSenderCopy && own.chance(5) ? "flagged" : "notFlagged",
            changeNumber: own.next(),
            conversation: conversation,
            internetMessageWord: internetMessageWord,
            stampedSecond: sent)
    }
}
