/// A failure of the state database, naming the file and what to do about it.
public struct StateError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file or its directory cannot be created, opened or written.
        public static let cannotOpen = Code("cannotOpen")
        /// Another process held the database longer than the busy timeout.
        public static let locked = Code("locked")
        /// The file is damaged or is not an SQLite database.
        public static let corrupt = Code("corrupt")
        /// The database was migrated by a newer Ferry that this one does not understand.
        public static let newerVersion = Code("newerVersion")
        /// A run id that the database does not hold.
        public static let unknownRun = Code("unknownRun")
        /// A run id that the database already holds.
        public static let duplicateRun = Code("duplicateRun")
        /// An argument the store cannot accept, such as an empty pipeline name.
        public static let invalidArgument = Code("invalidArgument")
        /// Any other SQLite or file system failure.
        public static let other = Code("other")

        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The state database (or lock file) the failure is about.
    public var path: String
    /// What happened and what to do, in one or two sentences.
    public var message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "state database \(path): \(message)" }
}
