import FerryCore
import Foundation

/// The whole analysis of one export: read, metrics, graph, measures, privacy. Writing is `AnalysisWriter`'s.
public struct CollaborationAnalysis: Sendable {
    public var data: CollaborationData
    public var personWeeks: [PersonWeek]
    public var graph: CompressedGraph
    public var externalStrength: [Double]
    public var measures: NetworkMeasures
    /// Each person's published group (after k-anonymity), for the chosen dimension.
    public var groups: [String]
    public var groupMeasures: GroupMeasures
    /// Each published group's insularity and bridging ties, week by week.
    public var weeklyTies: WeeklyGroupTies
    /// The group-week cells that may be published (noise drawn once, here), in week and group order.
    var groupWeeks: [GroupWeekAggregator.Cell]
    /// Published labels of the coarse and fine communities (small ones merged).
    public var coarseGroups: [String]
    public var fineGroups: [String]
    public var suppression: SuppressionReport
    public var keyIds: [String]
    public var times = AnalysisStageTimes()
    public let options: AnalysisOptions

    /// Runs every stage but writing.
    public static func run(_ options: AnalysisOptions) throws -> CollaborationAnalysis {
        try options.privacy.validate()
        var times = AnalysisStageTimes()
        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            let elapsed = now - clock
            clock = now
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let reader = ExportReader(root: options.root, from: options.from, to: options.to)
        let inventory = try reader.inventory(
            allowUnpseudonymized: options.allowUnpseudonymized, allowMixedKeys: options.allowMixedKeys)
        guard !inventory.partitions.isEmpty else {
            throw AnalyzeError(.input,
                "no committed partitions of \(ExportedDataset.allCases.map(\.rawValue).joined(separator: ", ")) under "
                + "'\(options.root.path(percentEncoded: false))' for the dates asked; check OUT_DIR, --from and --to")
        }
        let data = try CollaborationDataBuilder.build(reader: reader, inventory: inventory)
        times.read = lap()
        return analyse(data, options: options, keyIds: inventory.keyIds.sorted(), times: times, clock: &clock)
    }

    /// Runs metrics, graph, measures and privacy on data already read.
    public static func analyse(_ data: CollaborationData, options: AnalysisOptions, keyIds: [String] = []) -> CollaborationAnalysis {
        var clock = ContinuousClock.now
        return analyse(data, options: options, keyIds: keyIds, times: AnalysisStageTimes(), clock: &clock)
    }

    private static func analyse(
        _ data: CollaborationData, options: AnalysisOptions, keyIds: [String], times: AnalysisStageTimes, clock: inout ContinuousClock.Instant
    ) -> CollaborationAnalysis {
        var times = times
        var data = data
        func lap() -> Double {
            let now = ContinuousClock.now
            let elapsed = now - clock
            clock = now
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        // The weeks analysed: those of --from and --to, else those of the days read (one mail whose sender's
        // clock said 2030 would otherwise stretch the period to 2030).
        let firstDay = options.from.map { Int($0.dayNumber) } ?? data.quality.daysRead?.lowerBound
        let lastDay = options.to.map { Int(UTCTimestamp(millisecondsSinceEpoch: $0.millisecondsSinceEpoch - 1).dayNumber) }
            ?? data.quality.daysRead?.upperBound
        let firstWeek = firstDay.map { Week.start(ofDay: $0) }
        let lastWeek = lastDay.map { Week.start(ofDay: $0) }
        let personWeeks = PersonWeekCalculator(assumptions: options.assumptions).compute(data, firstWeek: firstWeek, lastWeek: lastWeek)
        let weeks = Array(Set(personWeeks.map(\.week))).sorted()
        if let read = data.quality.daysRead {
            // A week the days read (within --from and --to) cover only in part describes fewer than seven days.
            let from = max(read.lowerBound, firstDay ?? read.lowerBound)
            let to = min(read.upperBound, lastDay ?? read.upperBound)
            data.quality.partialWeeks = weeks.compactMap { week in
                let days = max(0, min(week + 6, to) - max(week, from) + 1)
                return days < 7 ? (week, days) : nil
            }
        }
        data.quality.inactivePersonWeeks = personWeeks.filter { !$0.isActive }.count
        times.metrics = lap()
        let (graph, external, weeklyGraphs) = InteractionGraphBuilder(assumptions: options.assumptions).buildWithWeeks(data)
        times.graph = lap()
        let measures = NetworkMeasures.compute(graph, assumptions: options.assumptions)
        let anonymizer = GroupAnonymizer(minimumGroupSize: options.privacy.minimumGroupSize)
        var suppression = SuppressionReport(
            minimumGroupSize: options.privacy.minimumGroupSize, noiseEpsilon: options.privacy.noiseEpsilon,
            personLevel: options.privacy.personLevel)
        let rawGroups: [String] = data.people.indices.map { person in
            switch options.groupBy {
            case .office: data.people[person].office ?? "(no office)"
            case .community: "community-\(measures.coarseCommunities[person])"
            case .department: data.people[person].department ?? "(no department)"
            }
        }
        let groups = anonymizer.anonymize(rawGroups, dimension: options.groupBy.rawValue)
        let coarse = anonymizer.anonymize(measures.coarseCommunities.map { "c\($0)" }, dimension: "community_coarse")
        let fine = anonymizer.anonymize(measures.fineCommunities.map { "f\($0)" }, dimension: "community_fine")
        suppression.entries = groups.suppressed + coarse.suppressed + fine.suppressed
        let groupWeeks = GroupWeekAggregator(policy: options.privacy).aggregateWithheld(personWeeks, groups: groups.labels)
        suppression.entries += groupWeeks.withheld.map { cell in
            SuppressionReport.Entry(
                dimension: options.groupBy.rawValue, group: cell.group, people: nil,
                reason: "week \(Week.text(cell.week)): "
                    + (cell.complementary
                        ? "complementary suppression: withheld so that the week's cells with fewer than \(options.privacy.minimumGroupSize) active people cannot be recovered by subtracting the published ones"
                        : "fewer than \(options.privacy.minimumGroupSize) of its people were active: the week's cell is withheld"))
        }
        let groupMeasures = GroupMeasures.compute(graph, labels: groups.labels)
        let weeklyTies = WeeklyGroupTies.compute(weekly: weeklyGraphs, nodeCount: data.people.count, groups: groups.labels, weeks: weeks)
        times.measures = lap()
        return CollaborationAnalysis(
            data: data, personWeeks: personWeeks, graph: graph, externalStrength: external, measures: measures,
            groups: groups.labels, groupMeasures: groupMeasures, weeklyTies: weeklyTies, groupWeeks: groupWeeks.cells, coarseGroups: coarse.labels, fineGroups: fine.labels,
            suppression: suppression, keyIds: keyIds, times: times, options: options)
    }
}
