/// What a run has durably written of one dataset: the state a resumed run starts from.
///
/// A checkpoint is taken while no record is being appended: the staged files it lists hold exactly
/// the records of the completed units and, for each unit still being read, of its pages before
/// `cursors[unit]`. Saving replaces the files, cursors and counts, and adds the completed units and
/// quarantined records, all in one transaction.
public struct DatasetCheckpoint: Sendable, Equatable {
    /// A finished part file in the run's staging directory.
    public struct File: Sendable, Equatable {
        public var partition: String
        public var name: String
        public var rows: Int
        public var bytes: Int
        public var sha256: String

        public init(partition: String, name: String, rows: Int, bytes: Int, sha256: String) {
            self.partition = partition
            self.name = name
            self.rows = rows
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// A unit being read: the URL of its next page, and the rows its earlier pages wrote.
    public struct Cursor: Sendable, Equatable {
        public var nextURL: String
        public var rows: Int
        /// True when the unit is being read whole again as a delta resync (its link had expired): what
        /// follows is still a resync, not upserts.
        public var resync: Bool

        public init(nextURL: String, rows: Int, resync: Bool = false) {
            self.nextURL = nextURL
            self.rows = rows
            self.resync = resync
        }
    }

    /// A record that could not be projected: its id (never personal data) and why.
    public struct QuarantinedRecord: Sendable, Equatable {
        public var recordId: String?
        public var reason: String

        public init(recordId: String?, reason: String) {
            self.recordId = recordId
            self.reason = reason
        }
    }

    public var dataset: String
    /// Every staged file written so far.
    public var files: [File]
    /// Units read completely, with their rows. When saving: those completed since the last save.
    public var completedUnits: [String: Int]
    /// The delta link each completed unit of a delta query ended with; saved as the dataset's delta
    /// links only when the run succeeds. When saving: those completed since the last save.
    public var deltaLinks: [String: String]
    /// Units partly read.
    public var cursors: [String: Cursor]
    /// Units Graph reported missing (a user without a mailbox), all of them so far.
    public var unitsUnavailable: Int
    /// Units refused as outside the app's access policy (403 ErrorAccessDenied), all of them so far.
    public var unitsAccessDenied: Int
    /// Units of a change feed read whole again as a resync, all of them so far.
    public var unitsResynced: Int
    /// Quarantined records. When saving: those since the last save.
    public var quarantined: [QuarantinedRecord]

    public init(
        dataset: String, files: [File] = [], completedUnits: [String: Int] = [:], deltaLinks: [String: String] = [:],
        cursors: [String: Cursor] = [:], unitsUnavailable: Int = 0, unitsAccessDenied: Int = 0, unitsResynced: Int = 0,
        quarantined: [QuarantinedRecord] = []
    ) {
        self.dataset = dataset
        self.files = files
        self.completedUnits = completedUnits
        self.deltaLinks = deltaLinks
        self.cursors = cursors
        self.unitsUnavailable = unitsUnavailable
        self.unitsAccessDenied = unitsAccessDenied
        self.unitsResynced = unitsResynced
        self.quarantined = quarantined
    }
}
