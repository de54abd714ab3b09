import Foundation

extension SimulatedTenant {
    /// The user's mailbox settings, or nil for users without a mailbox.
    public func mailboxSettings(ofUserAt index: Int) -> SimulatedMailboxSettings? {
        guard hasMailbox(userAt: index), (0..<userCount).contains(index) else { return nil }
        let user = user(at: index)
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.mailboxSettings.rawValue, UInt64(truncatingIfNeeded: index)))
        let office = MailboxVocabulary.regions.first { $0.city == user.city } ?? MailboxVocabulary.regions[0]
        let locale = user.preferredLanguage ?? office.locale
        let roll = random.below(100)
        let status = roll < 8 ? "alwaysEnabled" : roll < 12 ? "scheduled" : "disabled"
        let reply = status == "disabled" ? "" : random.pick(MailboxVocabulary.replies)
        let sixDays = random.chance(5)
        let startHour = 7 + random.below(3)
        return SimulatedMailboxSettings(
            userIndex: index,
            timeZone: office.timeZone,
            locale: locale,
            languageDisplayName: MailboxVocabulary.languageNames[locale] ?? locale,
            automaticRepliesStatus: status,
            internalReplyMessage: reply,
            externalReplyMessage: status == "disabled" || random.chance(30) ? "" : reply,
            workingDays: Array(EventVocabulary.weekdays[1...(sixDays ? 6 : 5)]),
            workingHoursStart: String(format: "%02d:00:00.0000000", startHour),
            workingHoursEnd: String(format: "%02d:%02d:00.0000000", startHour + 8 + random.below(2), random.chance(50) ? 30 : 0),
            dateFormat: office.dateFormat,
            timeFormat: office.timeFormat)
    }
}
