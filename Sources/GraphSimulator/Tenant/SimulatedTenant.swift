import Foundation

/// The deterministic content of a simulated Microsoft 365 tenant: its directory and mailboxes.
///
/// Nothing is stored per user: every user and message is generated on demand from `(seed, index)`, so a
/// tenant of any size is created instantly, uses a few kilobytes, and reads the same on every run.
public struct SimulatedTenant: Sendable {
    /// The tenant id (a GUID unless the configuration names another).
    public let tenantId: String
    /// How many user indexes the directory has used: `0..<userCount`. Without evolution every one is a user;
    /// after it, some were deleted (see `isPresent(userAt:)`) and those after `baseUserCount` were added.
    public let userCount: Int
    /// How many users the first generation has; correspondents and group layout are drawn from these.
    public let baseUserCount: Int
    /// How many times the tenant has evolved (0: as first generated).
    public let generation: Int
    /// The verified domain of members' addresses.
    public let primaryDomain = "contoso.example"
    /// The initial `onmicrosoft.com` domain, which guests' principal names use.
    public let initialDomain = "contoso.onmicrosoft.com"

    let seed: UInt64
    /// What the tenant was made from, to rebuild it at another generation.
    let configuration: SimulatorConfiguration
    let messagesPerUser: Int
    let sentItemsPerUser: Int
    let eventsPerUser: Int
    let contactsPerUser: Int
    let anchorSeconds: Int64
    let timeline: MailTimeline
    /// Hides the index that user ids carry, so ids differ between seeds and do not look sequential.
    private let idCipher: IndexCipher
    /// The same for group ids, under another key.
    let groupIdCipher: IndexCipher
    /// How many groups of each kind the directory has.
    let groupLayout: GroupLayout
    /// Spreads consecutive indexes over the name combinations (a bijection within each round of combinations).
    let nameMultiplier: Int
    let nameOffset: Int
    /// The bridge people of the planted collaboration structure (about one member in fifty), ascending.
    let plantedBridges: [Int]

    /// Creates the tenant a configuration describes.
    ///
    /// Counts outside what `SimulatorConfiguration.validate()` accepts are clamped into range rather than refused.
    public init(configuration: SimulatorConfiguration) {
        tenantId = configuration.tenantId
        self.configuration = configuration
        baseUserCount = min(max(0, configuration.users), SimulatorConfiguration.maximumUsers)
        generation = configuration.generation.clamped(to: 0...SimulatorConfiguration.maximumGeneration)
        userCount = baseUserCount + generation * Self.usersAdded(perGenerationFor: baseUserCount)
        seed = configuration.seed
        messagesPerUser = min(max(0, configuration.messagesPerUser), SimulatorConfiguration.maximumMessagesPerUser)
        let itemRange = 0...SimulatorConfiguration.maximumItemsPerUser
        sentItemsPerUser = configuration.sentItemsPerUser.clamped(to: itemRange)
        eventsPerUser = configuration.eventsPerUser.clamped(to: itemRange)
        contactsPerUser = configuration.contactsPerUser.clamped(to: itemRange)
        anchorSeconds = GraphTimestamp.epochSeconds(configuration.anchor)
        timeline = MailTimeline(end: anchorSeconds, days: min(max(1, configuration.days), SimulatorConfiguration.maximumDays))
        idCipher = IndexCipher(seed: seed)
        groupIdCipher = IndexCipher(seed: seed, stream: .groupIdCipher)
        groupLayout = GroupLayout(baseUserCount: baseUserCount)
        let combinations = TenantVocabulary.givenNames.count * TenantVocabulary.surnames.count
        var permutation = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.namePermutation.rawValue))
        var multiplier = 1 + permutation.below(combinations - 1)
        while Self.greatestCommonDivisor(multiplier, combinations) != 1 { multiplier += 1 }
        nameMultiplier = multiplier
        nameOffset = permutation.below(combinations)
        let seed = seed
        plantedBridges = (0..<baseUserCount).filter { Self.isBridge($0, seed: seed) }
    }

    // MARK: Users

    /// The user at `index`; any index generates a user, but only `0..<userCount` belong to the directory.
    public func user(at index: Int) -> SimulatedUser {
        var (identity, random) = identity(at: index)
        let isMember = identity.kind != .guest
        let office = random.pick(TenantVocabulary.offices)
        let phoneSuffix = 1000 + random.below(9000)
        var createdSecond = anchorSeconds - Int64(86_400 + random.below(5 * 365 * 86_400))
        var jobTitle = isMember && random.chance(85) ? random.pick(TenantVocabulary.jobTitles) : nil
        // Drawn and set aside so the stream stays where it was; the department is the planted one (the manager tree's).
        var department = isMember && random.chance(90) ? random.pick(TenantVocabulary.departments) : nil
        if department != nil { department = plantedDepartment(ofUserAt: index).map(plantedDepartmentName(head:)) }
        let added = generationAdded(userAt: index)
        if added > 0 {
            createdSecond = anchorSeconds + Int64(added - 1) * Self.generationSpan + Int64(random.below(Int(Self.generationSpan)))
        }
        let changed = generationChanged(userAt: index)
        if changed > 0, isMember {
            // A promotion or a move: new title and department, drawn from the generation of the change.
            var change = SplitMix64(
                seed: SplitMix64.hash(seed, GenerationStream.userChange.rawValue, UInt64(truncatingIfNeeded: index), UInt64(changed)))
            jobTitle = change.pick(TenantVocabulary.jobTitles)
            department = change.pick(TenantVocabulary.departments)
        }
        return SimulatedUser(
            id: userId(at: index),
            index: index,
            displayName: identity.displayName,
            givenName: identity.givenName,
            surname: identity.surname,
            userPrincipalName: identity.userPrincipalName,
            mail: identity.mail,
            jobTitle: jobTitle,
            department: department,
            userType: isMember ? "Member" : "Guest",
            accountEnabled: random.chance(97),
            businessPhones: isMember && random.chance(60) ? ["+1 425 555 \(phoneSuffix)"] : [],
            mobilePhone: random.chance(40) ? "+1 206 555 \(1000 + random.below(9000))" : nil,
            officeLocation: isMember && random.chance(70) ? office.office : nil,
            preferredLanguage: random.chance(60) ? office.language : nil,
            createdDateTime: Date(timeIntervalSince1970: TimeInterval(createdSecond)),
            companyName: isMember && random.chance(80) ? TenantVocabulary.companyName : nil,
            country: isMember ? office.country : nil,
            city: isMember ? office.city : nil,
            employeeId: isMember ? String(100_000 + index) : nil,
            usageLocation: isMember ? office.usageLocation : nil)
    }

    /// Whether the user has an Exchange Online mailbox; about 10% (guests, unlicensed accounts) do not.
    public func hasMailbox(userAt index: Int) -> Bool {
        kind(at: index) == .member && generationDeleted(userAt: index) == nil
    }

    /// The index of the user with this object id, or nil if no user of this tenant has it.
    ///
    /// Ids carry their index, so no table is needed: the index is decoded and the id regenerated to check.
    public func userIndex(forId id: String) -> Int? {
        let lowered = id.lowercased()
        guard lowered.utf8.count == 36, let encoded = GUIDText.parseHex(lowered.prefix(8)) else { return nil }
        let index = Int(idCipher.decrypt(UInt32(truncatingIfNeeded: encoded)))
        guard index < userCount, userId(at: index) == lowered, generationDeleted(userAt: index) == nil else { return nil }
        return index
    }

    /// The object id of the user at `index`: 32 bits of enciphered index followed by 96 bits of hash.
    func userId(at index: Int) -> String {
        let tail = SplitMix64.hash(seed, GenerationStream.userIdTail.rawValue, UInt64(truncatingIfNeeded: index))
        let high = UInt64(idCipher.encrypt(UInt32(truncatingIfNeeded: index))) << 32 | (tail >> 32)
        return GUIDText.make(high: high, low: SplitMix64.mix(tail))
    }

    /// The name and address messages show for the user at `index` (cheaper than a whole user).
    func emailAddress(ofUserAt index: Int) -> SimulatedEmailAddress? {
        let identity = identity(at: index).identity
        return identity.mail.map { SimulatedEmailAddress(name: identity.displayName, address: $0) }
    }

    // MARK: Identity

    enum Kind {
        case member
        /// A member without an Exchange Online mailbox (unlicensed, or hosted on-premises).
        case memberWithoutMailbox
        /// A member without a mailbox or any SMTP address.
        case memberWithoutMail
        case guest
    }

    struct Identity {
        let kind: Kind
        let givenName: String
        let surname: String
        let displayName: String
        let userPrincipalName: String
        let mail: String?
    }

    /// The kind comes from its own hash so that `hasMailbox` costs one hash.
    func kind(at index: Int) -> Kind {
        switch SplitMix64.hash(seed, GenerationStream.mailbox.rawValue, UInt64(truncatingIfNeeded: index)) % 100 {
        case 0..<3: return .guest
        case 3..<5: return .memberWithoutMail
        case 5..<10: return .memberWithoutMailbox
        default: return .member
        }
    }

    /// Names and addresses of the user at `index`, and the random stream positioned after them.
    func identity(at index: Int) -> (identity: Identity, random: SplitMix64) {
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.user.rawValue, UInt64(truncatingIfNeeded: index)))
        let kind = kind(at: index)
        let given = TenantVocabulary.givenNames
        let surnames = TenantVocabulary.surnames
        let combinations = given.count * surnames.count
        let round = max(0, index) / combinations
        let combination = (max(0, index) % combinations * nameMultiplier + nameOffset) % combinations
        let givenName = given[combination / surnames.count]
        let surname = surnames[combination % surnames.count]

        var displayName = givenName.isCJK && surname.isCJK
            ? surname.display + givenName.display : givenName.display + " " + surname.display
        let (decoration, externalDomain) = Self.identityDraws(&random)
        if let decoration { displayName += decoration }
        let localPart = givenName.ascii + "." + surname.ascii + (round > 0 ? String(round + 1) : "")

        let userPrincipalName: String
        let mail: String?
        switch kind {
        case .guest:
            mail = localPart + "@" + externalDomain
            userPrincipalName = localPart + "_" + externalDomain + "#EXT#@" + initialDomain
        case .memberWithoutMail:
            mail = nil
            userPrincipalName = localPart + "@" + primaryDomain
        case .member, .memberWithoutMailbox:
            let address = localPart + "@" + primaryDomain
            mail = address
            userPrincipalName = address
        }
        let identity = Identity(
            kind: kind, givenName: givenName.display, surname: surname.display, displayName: displayName,
            userPrincipalName: userPrincipalName, mail: mail)
        return (identity, random)
    }

    /// What `identity(at:)` draws from the user's stream: now and then a display-name decoration, then the
    /// external domain a guest's address uses. The user's office is the stream's next pick.
    static func identityDraws(_ random: inout SplitMix64) -> (decoration: String?, externalDomain: String) {
        let decoration = random.chance(2) ? random.pick(TenantVocabulary.displayNameDecorations) : nil
        return (decoration, random.pick(TenantVocabulary.externalDomains))
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : greatestCommonDivisor(b, a % b)
    }
}
