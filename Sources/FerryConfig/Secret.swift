/// A value that must never be printed: a client secret or a pseudonymization key.
///
/// Every textual form (`description`, `debugDescription`, `dump`) shows `<redacted>`; only `value`
/// gives the secret, for the code that sends or uses it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }

    public var debugDescription: String { "<redacted>" }

    /// No children, so reflection-based printing of a containing struct cannot reach `value`.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
