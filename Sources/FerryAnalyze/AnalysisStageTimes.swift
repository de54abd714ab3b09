/// How long each stage of an analysis took, in seconds (printed by `ferry analyze` and `make bench`).
public struct AnalysisStageTimes: Sendable {
    public var read = 0.0
    public var metrics = 0.0
    public var graph = 0.0
    public var measures = 0.0
    public var write = 0.0
}
