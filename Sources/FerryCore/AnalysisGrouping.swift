/// What `ferry analyze` groups people by in its group tables: the directory's department or office, or
/// the community the collaboration network forms (`analyze.group_by`, `--group-by`).
public enum AnalysisGrouping: String, Sendable, CaseIterable {
    case department, office, community
}
