import FerryCore

/// One meeting occurrence, however many calendars it was seen in (de-duplicated by `iCalUId` and start).
///
/// Its invitees live in `CollaborationData.invitees`, the organizer first, resources left out:
/// `inviteeStart ..< inviteeStart + inviteeCount`.
public struct Meeting: Sendable {
    /// An invitation's answer, as Graph's `responseStatus.response` and `attendees[].status.response` give it.
    public enum Response: UInt8, Sendable {
        case none, organizer, accepted, tentativelyAccepted, declined, notResponded

        /// The answer for Graph's text; unknown text is `none`.
        public init(text: String) {
            switch text {
            case "organizer": self = .organizer
            case "accepted": self = .accepted
            case "tentativelyAccepted": self = .tentativelyAccepted
            case "declined": self = .declined
            case "notResponded": self = .notResponded
            default: self = .none
            }
        }

        /// Whether the invitee takes part: the organizer, or someone who accepted.
        public var takesPart: Bool { self == .organizer || self == .accepted }
    }

    /// How a meeting shows in a calendar (Graph's `showAs`).
    public enum ShowAs: UInt8, Sendable, CaseIterable {
        case free, tentative, busy, oof, workingElsewhere, unknown

        public init(text: String) {
            self = Self.allCases.first { $0.text == text } ?? .unknown
        }

        /// Graph's name.
        public var text: String {
            switch self {
            case .free: "free"
            case .tentative: "tentative"
            case .busy: "busy"
            case .oof: "oof"
            case .workingElsewhere: "workingElsewhere"
            case .unknown: "unknown"
            }
        }
    }

    /// One invitee, their answer, and how the meeting shows in their own calendar when it was exported.
    public struct Invitee: Sendable {
        public var participant: Participant
        public var response: Response
        /// The show-as of the invitee's own copy, nil when their calendar was not read.
        public var showAs: ShowAs?

        public init(participant: Participant, response: Response, showAs: ShowAs? = nil) {
            self.participant = participant
            self.response = response
            self.showAs = showAs
        }
    }

    public var start: UTCTimestamp
    public var end: UTCTimestamp
    public var organizer: Participant
    /// Where the invitees start in `CollaborationData.invitees`, and how many there are.
    public var inviteeStart: Int32
    public var inviteeCount: Int32
    public var isCancelled: Bool
    public var isAllDay: Bool
    /// Whether it is an occurrence or exception of a recurring series.
    public var isRecurring: Bool
    /// The show-as of the first copy read, for people whose own calendar was not exported.
    public var defaultShowAs: ShowAs

    /// The length in seconds.
    public var seconds: Double { Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000 }

    /// The positions of the invitees in `CollaborationData.invitees`.
    public var inviteeSlots: Range<Int> { Int(inviteeStart)..<Int(inviteeStart + inviteeCount) }
}
