extension SimulatedTenant {
    /// The contact ordinals of a mailbox, in the order `/contacts` lists them.
    func contactRange(in mailbox: SimulatedMailbox) -> Range<Int> {
        0..<mailbox.contacts.drawn
    }

    /// All contacts of the user, as `/contacts` lists them.
    public func contacts(ofUserAt index: Int) -> [SimulatedContact] {
        guard let mailbox = mailbox(ofUserAt: index) else { return [] }
        return contactRange(in: mailbox).map { contactDraft(in: mailbox, ordinal: $0).contact }
    }

    /// Draws the contact at `ordinal`: a colleague (60%) or an outside person, with gaps on purpose.
    func contactDraft(in mailbox: SimulatedMailbox, ordinal: Int) -> ContactDraft {
        var random = SplitMix64(
            seed: SplitMix64.hash(
                seed, GenerationStream.contact.rawValue, UInt64(truncatingIfNeeded: mailbox.userIndex), UInt64(truncatingIfNeeded: ordinal)))
        var givenName: String?
        var surname: String?
        var displayName: String
        var emails: [SimulatedEmailAddress] = []
        var company: String?
        var personal: String
        if baseUserCount > 1, random.chance(60) {
            let other = (mailbox.userIndex + 1 + random.below(baseUserCount - 1)) % baseUserCount
            let identity = identity(at: other).identity
            givenName = identity.givenName
            surname = identity.surname
            displayName = identity.displayName
            if let mail = identity.mail { emails.append(SimulatedEmailAddress(name: displayName, address: mail)) }
            company = random.chance(70) ? TenantVocabulary.companyName : nil
            personal = identity.userPrincipalName.split(separator: "@").first.map(String.init) ?? "contact"
        } else {
            let given = random.pick(TenantVocabulary.givenNames)
            let family = random.pick(TenantVocabulary.surnames)
            let domain = random.pick(TenantVocabulary.externalDomains)
            givenName = given.display
            surname = family.display
            displayName = given.isCJK && family.isCJK ? family.display + given.display : given.display + " " + family.display
            emails.append(SimulatedEmailAddress(name: displayName, address: given.ascii + "." + family.ascii + "@" + domain))
            let name = domain.split(separator: ".").first.map(String.init) ?? domain
            company = random.chance(85) ? name.prefix(1).uppercased() + name.dropFirst() : nil
            personal = given.ascii + "." + family.ascii
        }
        if random.chance(15) { emails.append(SimulatedEmailAddress(name: displayName, address: personal + "@outlook.example")) }
        if random.chance(5) { emails.removeAll() }
        if random.chance(4) {
            // Some contacts hold only a nickname.
            givenName = nil
            surname = nil
            displayName = random.pick(["Mom 💐", "IT helpdesk", "Dr. Ana", "Taxi (Paris)"])
        }
        let created = anchorSeconds - Int64(86_400 + random.below(3 * 365 * 86_400))
        let birthdayDay = GraphTimestamp.daysSinceEpoch(year: 1955 + random.below(45), month: 1 + random.below(12), day: 1 + random.below(28))
        return ContactDraft(
            mailbox: mailbox,
            ordinal: ordinal,
            givenName: givenName,
            surname: surname,
            displayName: displayName,
            emailAddresses: emails,
            companyName: company,
            jobTitle: random.chance(35) ? random.pick(TenantVocabulary.jobTitles) : nil,
            department: random.chance(20) ? random.pick(TenantVocabulary.departments) : nil,
            mobilePhone: random.chance(50) ? "+1 206 555 \(1000 + random.below(9000))" : nil,
            businessPhones: random.chance(40) ? ["+44 20 7946 \(1000 + random.below(9000))"] : [],
            birthday: random.chance(20) ? birthdayDay * 86_400 + 11 * 3600 + 59 * 60 : nil,
            personalNotes: random.chance(15) ? random.pick(ContactDraft.notes) : nil,
            city: random.chance(30) ? random.pick(TenantVocabulary.offices).city : nil,
            created: created,
            lastModified: min(anchorSeconds - 1, created + Int64(random.below(400 * 86_400))),
            changeNumber: random.next(),
            hasUnknownProperty: random.chance(3))
    }
}
