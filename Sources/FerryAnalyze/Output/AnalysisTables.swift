import FerryCore

/// Turns an analysis into its output tables, person-level ones only when the policy allows.
public enum AnalysisTables {
    public static func build(_ analysis: CollaborationAnalysis) -> [AnalysisTable] {
        let period = periodLabel(analysis)
        var tables = [groupWeek(analysis), groupTies(analysis, period: period), communities(analysis, period: period),
                      dataQuality(analysis, period: period)]
        if analysis.options.privacy.personLevel {
            tables += [personWeek(analysis), personNetwork(analysis, period: period), edges(analysis, period: period)]
        }
        return tables
    }

    /// The partition value of tables that cover the whole period: `<first Monday>_<last Monday>`.
    static func periodLabel(_ analysis: CollaborationAnalysis) -> String {
        let weeks = analysis.personWeeks.map(\.week)
        guard let first = weeks.min(), let last = weeks.max() else { return "empty" }
        return Week.text(first) + "_" + Week.text(last)
    }

    static func groupWeek(_ analysis: CollaborationAnalysis) -> AnalysisTable {
        var table = AnalysisTable(
            name: "group_week",
            columns: ["group_by", "group", "people", "active_people"] + PersonMetric.allCases.map(\.column) + ["insularity", "bridging_ties"],
            partitionKey: "week")
        for cell in analysis.groupWeeks {
            table.append(
                [.string(analysis.options.groupBy.rawValue), .string(cell.group), .number(Double(cell.people)), .number(cell.activePeople)]
                    + cell.means.map { .finite($0) } + ties(analysis, week: cell.week, group: cell.group),
                partition: Week.text(cell.week))
        }
        return table
    }

    /// The week's insularity and bridging ties of a group; null for the "all" row, which has no outside.
    static func ties(_ analysis: CollaborationAnalysis, week: Int, group: String) -> [JSONValue] {
        guard let figures = analysis.weeklyTies.figures[week]?[group] else { return [.null, .null] }
        return [.finite(figures.insularity), .number(Double(figures.bridgingTies))]
    }

    static func groupTies(_ analysis: CollaborationAnalysis, period: String) -> AnalysisTable {
        var table = AnalysisTable(name: "group_ties", columns: ["group_by", "source_group", "target_group", "weight"], partitionKey: "period")
        let measures = analysis.groupMeasures
        for (i, source) in measures.groups.enumerated() where source.name != GroupAnonymizer.suppressedLabel {
            for (j, target) in measures.groups.enumerated() where target.name != GroupAnonymizer.suppressedLabel && measures.ties[i][j] > 0 {
                table.append([.string(analysis.options.groupBy.rawValue), .string(source.name), .string(target.name), .finite(measures.ties[i][j])], partition: period)
            }
        }
        return table
    }

    static func communities(_ analysis: CollaborationAnalysis, period: String) -> AnalysisTable {
        var table = AnalysisTable(
            name: "communities",
            columns: ["level", "community", "people", "density", "ei_index", "insularity", "level_modularity", "resolution", "top_group", "top_group_share"],
            partitionKey: "period")
        let levels = [
            ("coarse", analysis.coarseGroups, analysis.measures.coarseModularity, analysis.options.assumptions.coarseResolution),
            ("fine", analysis.fineGroups, analysis.measures.fineModularity, analysis.options.assumptions.fineResolution),
        ]
        for (level, labels, modularity, resolution) in levels {
            let measures = GroupMeasures.compute(analysis.graph, labels: labels, withTies: false)
            var countsByCommunity: [String: [String: Int]] = [:]
            for person in labels.indices { countsByCommunity[labels[person], default: [:]][analysis.groups[person], default: 0] += 1 }
            for group in measures.groups where group.name != GroupAnonymizer.suppressedLabel {
                // Which published group the community mostly holds: a share of k or more people, or nothing.
                let counts = countsByCommunity[group.name] ?? [:]
                let k = analysis.options.privacy.minimumGroupSize
                let top = counts.filter { $0.key != GroupAnonymizer.otherLabel && $0.value >= k }.max { ($0.value, $1.key) < ($1.value, $0.key) }
                table.append([
                    .string(level), .string(group.name), .number(Double(group.people)), .finite(group.density), .finite(group.eiIndex),
                    .finite(group.insularity), .finite(modularity), .number(resolution),
                    top.map { .string($0.key) } ?? .null, top.map { .finite(Double($0.value) / Double(group.people)) } ?? .null,
                ], partition: period)
            }
        }
        return table
    }

    static func dataQuality(_ analysis: CollaborationAnalysis, period: String) -> AnalysisTable {
        var table = AnalysisTable(name: "data_quality", columns: ["measure", "value", "detail"], partitionKey: "period")
        let quality = analysis.data.quality
        func add(_ measure: String, _ value: Double, _ detail: String = "") {
            table.append([.string(measure), .finite(value), .string(detail)], partition: period)
        }
        for (dataset, rows) in quality.rowsRead.sorted(by: { $0.key < $1.key }) { add("rows_read", Double(rows), dataset) }
        for (dataset, cost) in quality.missingDatasets { add("missing_dataset", 1, "\(dataset): \(cost)") }
        for (dataset, rows) in quality.skippedRows.sorted(by: { $0.key < $1.key }) { add("rows_skipped", Double(rows), dataset) }
        add("duplicate_mail_rows_removed", Double(quality.duplicateMailRows), "the same internetMessageId in several mailboxes")
        add("duplicate_meeting_rows_removed", Double(quality.duplicateMeetingRows), "the same iCalUId and start in several calendars")
        add("distinct_mails", Double(analysis.data.mails.count))
        add("distinct_meetings", Double(analysis.data.meetings.count))
        add("people", Double(quality.people))
        add("people_without_mailbox_settings", Double(quality.peopleWithoutMailboxSettings), "Monday-Friday 08:00-17:00 UTC assumed")
        add("time_zone_mismatches", Double(quality.timeZoneMismatches), "mailbox time zone differs from the working-hours time zone")
        // A zone only a few people use would describe them: such zones are counted together, unnamed.
        let k = analysis.options.privacy.minimumGroupSize
        var rareZones = 0
        for (zone, people) in quality.unknownTimeZones.sorted(by: { $0.key < $1.key }) {
            if people >= k { add("unknown_time_zone", Double(people), "\(zone): UTC used") } else { rareZones += people }
        }
        if rareZones > 0 { add("unknown_time_zone", Double(rareZones), "zones used by fewer than \(k) people each: UTC used") }
        for (week, days) in quality.partialWeeks {
            add("partial_week", Double(days), "week \(Week.text(week)): \(days) of its 7 days were read; its figures cover those days only")
        }
        add("inactive_person_weeks", Double(quality.inactivePersonWeeks), "no mail sent or received and no counted meeting")
        add("person_weeks", Double(analysis.personWeeks.count))
        add("graph_edges", Double(analysis.graph.edgeCount))
        for (name, betweenness) in [("betweenness", analysis.measures.betweenness), ("betweenness_weighted", analysis.measures.weightedBetweenness)] {
            add("\(name)_sources", Double(betweenness.sources), betweenness.isExact ? "exact (every node a source)" : "pivot sampling")
            add("\(name)_error_bound", betweenness.errorBound, "95% bound on normalized betweenness")
        }
        return table
    }

    static func personWeek(_ analysis: CollaborationAnalysis) -> AnalysisTable {
        var table = AnalysisTable(name: "person_week", columns: ["person", "group", "active"] + PersonMetric.allCases.map(\.column), partitionKey: "week")
        for row in analysis.personWeeks {
            table.append(
                [.string(analysis.data.people[row.person].id), .string(analysis.groups[row.person]), .bool(row.isActive)] + row.values.map { .finite($0) },
                partition: Week.text(row.week))
        }
        return table
    }

    static func personNetwork(_ analysis: CollaborationAnalysis, period: String) -> AnalysisTable {
        var table = AnalysisTable(name: "person_network", columns: [
            "person", "group", "community_coarse", "community_fine", "in_degree", "out_degree", "in_strength", "out_strength",
            "external_strength", "pagerank", "betweenness", "betweenness_normalized", "betweenness_weighted", "constraint", "effective_size",
        ], partitionKey: "period")
        let m = analysis.measures
        let normalized = m.betweenness.normalized
        for person in analysis.data.people.indices {
            table.append([
                .string(analysis.data.people[person].id), .string(analysis.groups[person]),
                .number(Double(m.coarseCommunities[person])), .number(Double(m.fineCommunities[person])),
                .number(Double(m.inDegree[person])), .number(Double(m.outDegree[person])), .finite(m.inStrength[person]),
                .finite(m.outStrength[person]), .finite(analysis.externalStrength[person]), .finite(m.pageRank[person]),
                .finite(m.betweenness.values[person]), .finite(normalized[person]), .finite(m.weightedBetweenness.values[person]),
                .finite(m.constraint[person]), .finite(m.effectiveSize[person]),
            ], partition: period)
        }
        return table
    }

    static func edges(_ analysis: CollaborationAnalysis, period: String) -> AnalysisTable {
        var table = AnalysisTable(name: "edges", columns: ["source", "target", "weight", "reciprocal"], partitionKey: "period")
        let graph = analysis.graph
        for node in 0..<graph.nodeCount {
            for slot in graph.neighbours(of: node) {
                let target = Int(graph.targets[slot])
                table.append([
                    .string(analysis.data.people[node].id), .string(analysis.data.people[target].id), .finite(graph.weights[slot]),
                    .bool(graph.weight(from: target, to: node) > 0),
                ], partition: period)
            }
        }
        return table
    }
}
