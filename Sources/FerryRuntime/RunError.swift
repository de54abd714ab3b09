/// A run that did not finish; nothing it wrote became visible.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public var pipeline: String
    public var reason: String

    public var description: String {
        "run of pipeline '\(pipeline)' failed, and none of its output was committed: \(reason)"
    }
}
