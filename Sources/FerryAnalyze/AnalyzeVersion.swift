/// The version of the published metric definitions (`definitions.json`): raised whenever a formula changes.
public enum AnalyzeVersion {
    public static let definitions = "1.2.0"
}
