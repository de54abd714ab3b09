/// A failure of `ferry analyze`: what happened and what to do about it.
public struct AnalyzeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure happened, for callers (and tests) that react to one in particular.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input is not pseudonymized, or mixes pseudonym keys.
        public static let privacy = Kind("privacy")
        /// The export directory or one of its partitions cannot be read.
        public static let input = Kind("input")
        /// A setting is out of range.
        public static let invalidArgument = Kind("invalidArgument")
    }

    /// The kind of failure.
    public let kind: Kind
    /// What happened and what to do, in words for the user.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
