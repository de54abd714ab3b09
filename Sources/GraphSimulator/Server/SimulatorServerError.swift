/// The simulator's HTTP server could not start, or stopped because it failed.
public struct SimulatorServerError: Error, CustomStringConvertible {
    /// What went wrong and what to do about it.
    public let description: String

    static func couldNotListen(host: String, port: Int, underlying: any Error) -> Self {
        Self(
            description: "The Graph simulator could not listen on \(host) port \(port): \(underlying). "
                + "Choose another port, or port 0 to pick a free one.")
    }

    static func failed(underlying: any Error) -> Self {
        Self(description: "The Graph simulator stopped unexpectedly: \(underlying).")
    }
}
