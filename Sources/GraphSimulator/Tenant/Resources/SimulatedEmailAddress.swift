/// A name and SMTP address, as in Graph's `emailAddress`.
public struct SimulatedEmailAddress: Sendable, Equatable {
    /// The display name.
    public let name: String
    /// The SMTP address.
    public let address: String
}
