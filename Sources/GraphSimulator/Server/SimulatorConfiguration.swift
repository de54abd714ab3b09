import Foundation

/// What the simulated tenant contains and where its Graph endpoint listens.
///
/// Two configurations with the same seed, counts, days and anchor describe the same tenant, byte for byte.
public struct SimulatorConfiguration: Sendable {
    /// The loopback address to listen on; anything else is refused, the simulator is never exposed.
    public var host: String
    /// The TCP port; 0 picks a free one (read it back from `GraphSimulatorServer.port`).
    public var port: Int
    /// How many users the directory holds.
    public var users: Int
    /// Seeds every generated value.
    public var seed: UInt64
    /// The tenant's id, as used in the token endpoint path.
    public var tenantId: String
    /// The only client id the token endpoint accepts; nil accepts any.
    public var clientId: String?
    /// The only client secret the token endpoint accepts; nil accepts any non-empty secret.
    public var clientSecret: String?
    /// The certificates registered on the app: the token endpoint accepts client assertions signed by their
    /// keys (PS256, found by `x5t#S256`). None by default, so assertions are refused until one is given.
    public var clientCertificates: [TrustedCertificate]
    /// How long an access token stays valid, in seconds.
    public var tokenLifetime: Int
    /// The only scope the token endpoint grants, as Entra ID grants only a known resource's application ID URI
    /// followed by `/.default`: Graph's, by default, whatever URL the simulator listens on.
    public var scope: String
    /// The average number of messages per mailbox; each mailbox holds between 0 and twice this many.
    public var messagesPerUser: Int
    /// Messages are received over this many days before `anchor`.
    public var days: Int
    /// The end of the mail window (exclusive); the newest message is received just before it.
    public var anchor: Date
    /// The average number of messages in a mailbox's Sent Items; each holds between 0 and twice this many.
    public var sentItemsPerUser: Int
    /// The average number of events (single events and recurring series) in a calendar.
    public var eventsPerUser: Int
    /// The average number of contacts in a mailbox.
    public var contactsPerUser: Int
    /// How many times the tenant has evolved when the server starts (0: as first generated). Each generation
    /// adds, changes and deletes users and adds and removes mail and events; see `GraphSimulatorServer.advanceGeneration()`.
    public var generation: Int
    /// Graph's throttling, or nil (the default) to answer every request at once, as for demos.
    public var throttling: ThrottlingPolicy?
    /// Injected failures; none by default.
    public var faults: FaultPolicy
    /// Seconds every Graph request takes before it is answered (0: at once); while it waits it holds its
    /// mailbox's concurrency slot, so clients meet MailboxConcurrency as they would against real latency.
    public var latency: Double
    /// How long after a `Retry-After` was given a request may still arrive without counting as a violation,
    /// in seconds: requests already on the wire when the 429 left are not the client's fault.
    public var violationGrace: Double
    /// The Graph application permissions the app was granted (`Mail.Read`, `User.Read.All`, ...); nil grants
    /// every one. A request no granted permission allows is answered 403, as Graph does.
    public var permissions: Set<String>? = nil
    /// The mailboxes the app may read, by user id or principal name, as an Exchange application access policy
    /// (or RBAC for Applications) scoped to a group restricts it; nil leaves every mailbox in reach. Outlook
    /// requests for any other mailbox are answered 403 `ErrorAccessDenied`, as Exchange Online does.
    public var mailboxScope: Set<String>? = nil {
        didSet { mailboxScope = mailboxScope.map { Set($0.map { $0.lowercased() }) } }
    }

    /// Creates a configuration; every argument has the simulator's default.
    /// - Parameter tenantId: nil derives a GUID from `seed`.
    /// - Parameter anchor: nil means the start of the current UTC day.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        users: Int = 100,
        seed: UInt64 = 1,
        tenantId: String? = nil,
        clientId: String? = nil,
        clientSecret: String? = nil,
        clientCertificates: [TrustedCertificate] = [],
        tokenLifetime: Int = 3600,
        scope: String = SimulatorConfiguration.graphScope,
        messagesPerUser: Int = 20,
        days: Int = 7,
        anchor: Date? = nil,
        sentItemsPerUser: Int? = nil,
        eventsPerUser: Int = 6,
        contactsPerUser: Int = 5,
        generation: Int = 0,
        throttling: ThrottlingPolicy? = nil,
        faults: FaultPolicy = .none,
        latency: Double = 0,
        violationGrace: Double = 0.02
    ) {
        self.host = host
        self.port = port
        self.users = users
        self.seed = seed
        self.tenantId = tenantId ?? Self.defaultTenantId(seed: seed)
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientCertificates = clientCertificates
        self.tokenLifetime = tokenLifetime
        self.scope = scope
        self.messagesPerUser = messagesPerUser
        self.days = days
        self.anchor = anchor ?? Self.startOfCurrentUTCDay()
        self.sentItemsPerUser = sentItemsPerUser ?? messagesPerUser / 2
        self.eventsPerUser = eventsPerUser
        self.contactsPerUser = contactsPerUser
        self.generation = generation
        self.throttling = throttling
        self.faults = faults
        self.latency = latency
        self.violationGrace = violationGrace
    }

    /// Microsoft Graph's scope for the client-credentials grant, the default `scope`.
    public static let graphScope = "https://graph.microsoft.com/.default"

    /// The tenant id a seed gets when none is given: a version-4-shaped GUID derived from the seed.
    public static func defaultTenantId(seed: UInt64) -> String {
        var random = SplitMix64(seed: SplitMix64.hash(seed, GenerationStream.tenantId.rawValue))
        return GUIDText.make(high: random.next(), low: random.next())
    }

    /// Midnight UTC of today, the default anchor, so runs on the same day see the same mail.
    public static func startOfCurrentUTCDay() -> Date {
        let seconds = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 86_400).rounded(.down) * 86_400)
    }

    /// The most users a tenant may have (user ids encode the index in 32 bits).
    public static let maximumUsers = 50_000_000
    /// The largest `messagesPerUser`.
    public static let maximumMessagesPerUser = 100_000
    /// The largest `sentItemsPerUser`, `eventsPerUser` and `contactsPerUser`.
    public static let maximumItemsPerUser = 10_000
    /// The latest generation a tenant can evolve to (item ordinals keep the generation in 11 bits).
    public static let maximumGeneration = 2000
    /// The longest mail window, in days.
    public static let maximumDays = 3650
    /// The longest token lifetime, in seconds (one year).
    public static let maximumTokenLifetime = 31_536_000

    /// Checks that the configuration can be served; `GraphSimulatorServer.start` calls it.
    public func validate() throws(SimulatorConfigurationError) {
        guard Self.isLoopback(host) else { throw .nonLoopbackHost(host) }
        guard (0...65_535).contains(port) else { throw .invalidValue("port", "\(port)", "0...65535 (0 picks a free port)") }
        guard (0...Self.maximumUsers).contains(users) else {
            throw .invalidValue("users", "\(users)", "0...\(Self.maximumUsers)")
        }
        guard !tenantId.isEmpty, !tenantId.contains("/") else {
            throw .invalidValue("tenantId", tenantId, "a non-empty id without '/'")
        }
        guard (1...Self.maximumTokenLifetime).contains(tokenLifetime) else {
            throw .invalidValue("tokenLifetime", "\(tokenLifetime)", "1...\(Self.maximumTokenLifetime) seconds")
        }
        guard (0...Self.maximumMessagesPerUser).contains(messagesPerUser) else {
            throw .invalidValue("messagesPerUser", "\(messagesPerUser)", "0...\(Self.maximumMessagesPerUser)")
        }
        for (name, value) in [("sentItemsPerUser", sentItemsPerUser), ("eventsPerUser", eventsPerUser),
                              ("contactsPerUser", contactsPerUser)] {
            guard (0...Self.maximumItemsPerUser).contains(value) else {
                throw .invalidValue(name, "\(value)", "0...\(Self.maximumItemsPerUser)")
            }
        }
        guard (0...Self.maximumGeneration).contains(generation) else {
            throw .invalidValue("generation", "\(generation)", "0...\(Self.maximumGeneration)")
        }
        guard scope.hasSuffix("/.default"), scope.count > "/.default".count, !scope.contains(" ") else {
            throw .invalidValue("scope", scope, "an application ID URI followed by /.default")
        }
        try throttling?.validate()
        try faults.validate()
        guard latency >= 0, latency <= 60 else { throw .invalidValue("latency", "\(latency)", "0...60 seconds") }
        guard violationGrace >= 0, violationGrace.isFinite else {
            throw .invalidValue("violationGrace", "\(violationGrace)", "a non-negative number of seconds")
        }
        guard (1...Self.maximumDays).contains(days) else { throw .invalidValue("days", "\(days)", "1...\(Self.maximumDays)") }
        let anchorSeconds = anchor.timeIntervalSince1970
        guard anchorSeconds >= 0, anchorSeconds < 253_402_300_800 else {
            throw .invalidValue("anchor", "\(anchor)", "a date between 1970 and 9999")
        }
    }

    /// True for names and addresses that only reach this machine.
    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }
}
