/// A simulator configuration that cannot be served.
public struct SimulatorConfigurationError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable {
        case nonLoopbackHost
        case invalidValue
    }

    private let code: Code
    /// What went wrong and what to do about it.
    public let description: String

    /// The simulator listens on loopback only, so nothing outside this machine can reach the fake tenant.
    public static func nonLoopbackHost(_ host: String) -> Self {
        Self(
            code: .nonLoopbackHost,
            description: "The Graph simulator only listens on loopback, but host '\(host)' was given. "
                + "Use 127.0.0.1 (the default), localhost or ::1.")
    }

    /// A setting outside the range the simulator supports.
    public static func invalidValue(_ setting: String, _ value: String, _ allowed: String) -> Self {
        Self(
            code: .invalidValue,
            description: "The simulator setting '\(setting)' is '\(value)', but it must be \(allowed).")
    }
}
