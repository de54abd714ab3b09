/// Everything the analysis computes from: people, de-duplicated mail and meetings, data quality.
public struct CollaborationData: Sendable {
    public var people: [Person] = []
    public var mails: [MailEvent] = []
    public var meetings: [Meeting] = []
    public var quality = DataQuality()
    /// The organisation's mail domains (from the directory's addresses), for internal versus external.
    public var domains: Set<String> = []

    public init() {}
}
