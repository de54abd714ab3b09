import FerryCore
import Foundation
import Plot

/// `report.html`: one self-contained page (inline CSS and SVG, no script, no external asset) with the
/// weekly load, distributions, after-hours by group, the group heat map, the community picture, bridges,
/// data quality, the suppression report and the definitions. Built with Plot, never by concatenation.
public enum ReportBuilder {
    typealias BodyNode = Node<HTML.BodyContext>

    public static func html(_ analysis: CollaborationAnalysis, tables: [AnalysisTable]) -> String {
        let k = analysis.options.privacy.minimumGroupSize
        let groupWeek = tables.first { $0.name == "group_week" }
        let page = HTML(
            .head(
                .meta(.charset(.utf8)),
                .title("Ferry collaboration analysis"),
                .style(css)),
            .body(
                .h1("Collaboration analysis"),
                .p(.text("Period \(AnalysisTables.periodLabel(analysis)); \(analysis.data.people.count) people; groups by \(analysis.options.groupBy.rawValue); "
                    + "no figure describes fewer than \(k) people; definitions version \(AnalyzeVersion.definitions); "
                    + "pseudonym key \(analysis.keyIds.joined(separator: ", ")).")),
                section("Collaboration and meeting load over weeks", [loadOverWeeks(groupWeek)]),
                section("Week over week", weekOverWeek(analysis, groupWeek)),
                section("Distributions of person metrics (mean per week)", distributions(analysis, k: k)),
                section("After-hours collaboration by group", [afterHours(groupWeek)]),
                section("Group-to-group ties", [heatMap(analysis)]),
                section("Communities of the interaction graph", [communityPicture(analysis)]),
                section("Bridges", bridges(analysis)),
                section("Data quality", [dataQuality(tables)]),
                section("Suppression report", suppression(analysis)),
                section("Definitions", definitions(analysis))))
        return page.render(indentedBy: nil)
    }

    static let css = """
        body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
        section{margin:2em 0}h2{border-bottom:1px solid #ccc}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        .chart{display:block;margin:0.5em 0}.charts{display:flex;flex-wrap:wrap;gap:12px}
        """

    static func section(_ title: String, _ content: [BodyNode]) -> BodyNode {
        .section(.h2(.text(title)), .group(content))
    }

    static func weekRows(_ table: AnalysisTable?, group: String) -> [(week: String, values: [String: Double])] {
        guard let table else { return [] }
        var rows: [(week: String, values: [String: Double])] = []
        for row in table.rows where row.values[1] == .string(group) {
            var values: [String: Double] = [:]
            for (index, column) in table.columns.enumerated() {
                if case .number(let value) = row.values[index] { values[column] = value }
            }
            rows.append((row.partition, values))
        }
        return rows.sorted { $0.week < $1.week }
    }

    static func loadOverWeeks(_ table: AnalysisTable?) -> BodyNode {
        let rows = weekRows(table, group: GroupWeekAggregator.allLabel)
        let metrics: [PersonMetric] = [.collaborationHours, .meetingHours, .emailHours, .afterHoursCollaborationHours]
        return SVGChart.lines(
            labels: rows.map(\.week),
            series: metrics.map { metric in (metric.rawValue, rows.map { $0.values[metric.rawValue] ?? 0 }) },
            unit: "hours", title: "Mean hours per person and week, whole organisation")
    }

    /// Per group: meeting load, insularity and bridging ties in the first and the last week, and what changed.
    static func weekOverWeek(_ analysis: CollaborationAnalysis, _ table: AnalysisTable?) -> [BodyNode] {
        let weeks = analysis.weeklyTies.figures.keys.sorted()
        guard let first = weeks.first, let last = weeks.last, first != last else {
            return [.p("One week only: nothing to compare.")]
        }
        let groups = (analysis.weeklyTies.figures[last] ?? [:]).keys.sorted()
        let firstText = Week.text(first), lastText = Week.text(last)
        var rows: [Node<HTML.TableContext>] = [.tr(
            .th("group"), .th(.text("meeting hours \(firstText)")), .th(.text("meeting hours \(lastText)")),
            .th("insularity"), .th("bridging ties"), .th("what changed"))]
        for group in groups {
            let meetings = weekRows(table, group: group)
            let before = meetings.first { $0.week == firstText }?.values[PersonMetric.meetingHours.rawValue] ?? 0
            let after = meetings.first { $0.week == lastText }?.values[PersonMetric.meetingHours.rawValue] ?? 0
            let a = analysis.weeklyTies.figures[first]?[group], b = analysis.weeklyTies.figures[last]?[group]
            var changes: [String] = []
            if let a, let b {
                if b.insularity - a.insularity > 0.05 { changes.append("more siloed") }
                if b.bridgingTies < a.bridgingTies { changes.append("lost \(a.bridgingTies - b.bridgingTies) bridging ties") }
            }
            if before > 0, after > before * 1.1 { changes.append("meeting load up") }
            if before > 0, after < before * 0.9 { changes.append("meeting load down") }
            rows.append(.tr(
                .td(.text(group)), .td(.text(String(format: "%.2f", before))), .td(.text(String(format: "%.2f", after))),
                .td(.text(String(format: "%.2f -> %.2f", a?.insularity ?? 0, b?.insularity ?? 0))),
                .td(.text("\(a?.bridgingTies ?? 0) -> \(b?.bridgingTies ?? 0)")), .td(.text(changes.joined(separator: "; ")))))
        }
        return [.table(.group(rows))]
    }

    static func distributions(_ analysis: CollaborationAnalysis, k: Int) -> [BodyNode] {
        let metrics: [PersonMetric] = [.collaborationHours, .meetingHours, .emailHours, .afterHoursCollaborationHours, .internalNetworkSize, .multitaskingHours]
        var perPerson = Array(repeating: Array(repeating: 0.0, count: metrics.count), count: analysis.data.people.count)
        var weeks = Array(repeating: 0, count: analysis.data.people.count)
        for row in analysis.personWeeks {
            weeks[row.person] += 1
            for (index, metric) in metrics.enumerated() { perPerson[row.person][index] += row[metric] }
        }
        var charts: [BodyNode] = []
        for (index, metric) in metrics.enumerated() {
            let values = perPerson.indices.filter { weeks[$0] > 0 }.map { perPerson[$0][index] / Double(weeks[$0]) }
            let bins = SafeHistogram.bins(values, minimum: k)
            charts.append(.div(.attribute(named: "class", value: "histogram"), .p(.text(metric.rawValue)),
                               SVGChart.histogram(bins, title: "Distribution of \(metric.rawValue)")))
        }
        return [.div(.attribute(named: "class", value: "charts"), .group(charts)),
                .p(.text("Bins hold at least \(k) people each: sparse bins, tails included, are merged with their neighbours. "
                         + "Edges are round numbers and the outer bins are open, so no one's own value is printed."))]
    }

    static func afterHours(_ table: AnalysisTable?) -> BodyNode {
        guard let table else { return .p("No group figures.") }
        var sums: [String: (total: Double, weeks: Int)] = [:]
        let column = table.columns.firstIndex(of: PersonMetric.afterHoursCollaborationHours.rawValue)!
        for row in table.rows {
            guard case .string(let group) = row.values[1], case .number(let value) = row.values[column] else { continue }
            sums[group, default: (0, 0)].total += value
            sums[group, default: (0, 0)].weeks += 1
        }
        let items = sums.sorted { $0.key < $1.key }.map { (label: $0.key, value: $0.value.total / Double(max($0.value.weeks, 1))) }
        return SVGChart.bars(items, unit: "h/week", title: "Mean after-hours collaboration hours per person and week")
    }

    static func heatMap(_ analysis: CollaborationAnalysis) -> BodyNode {
        let measures = analysis.groupMeasures
        let keep = measures.groups.indices.filter { measures.groups[$0].name != GroupAnonymizer.suppressedLabel }
        guard !keep.isEmpty else { return .p("Every group was suppressed.") }
        return SVGChart.heatMap(
            labels: keep.map { measures.groups[$0].name }, matrix: keep.map { i in keep.map { measures.ties[i][$0] } },
            title: "Tie weight from each group (rows) to each group (columns)")
    }

    static func communityPicture(_ analysis: CollaborationAnalysis) -> BodyNode {
        let labels = analysis.coarseGroups
        let names = Array(Set(labels)).filter { $0 != GroupAnonymizer.suppressedLabel }.sorted()
        guard !names.isEmpty else { return .p("Every community was suppressed.") }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var people = Array(repeating: 0, count: names.count)
        for label in labels { if let i = index[label] { people[i] += 1 } }
        var weights: [Int: Double] = [:]
        let graph = analysis.graph
        for node in 0..<graph.nodeCount {
            guard let a = index[labels[node]] else { continue }
            for slot in graph.neighbours(of: node) {
                guard let b = index[labels[Int(graph.targets[slot])]], a != b else { continue }
                weights[min(a, b) * names.count + max(a, b), default: 0] += graph.weights[slot]
            }
        }
        let edges = weights.sorted { $0.key < $1.key }.map { (a: $0.key / names.count, b: $0.key % names.count, weight: $0.value) }
        let positions = GroupGraphLayout.layout(count: names.count, edges: edges)
        let nodes = names.indices.map { (label: names[$0], people: people[$0], x: positions[$0].x, y: positions[$0].y, color: $0) }
        return .group(
            SVGChart.network(nodes: nodes, edges: edges, title: "Coarse communities, sized by people, linked by tie weight"),
            .p(.text(String(format: "Modularity: coarse %.3f (resolution %.2f), fine %.3f (Leiden again inside each coarse community at resolution %.2f).",
                            analysis.measures.coarseModularity, analysis.options.assumptions.coarseResolution,
                            analysis.measures.fineModularity, analysis.options.assumptions.fineResolution))))
    }

    static func bridges(_ analysis: CollaborationAnalysis) -> [BodyNode] {
        let values = analysis.measures.betweenness.normalized
        let n = values.count
        guard n > 0 else { return [.p("No graph.")] }
        let cut = max(1, n / 20)
        let top = values.indices.sorted { values[$0] > values[$1] }.prefix(cut)
        var perGroup: [String: Int] = [:]
        for person in top { perGroup[analysis.groups[person], default: 0] += 1 }
        var nodes: [BodyNode] = [
            .p(.text("People in the top 5% by betweenness on reciprocal ties (hops), counted per group.")),
            SVGChart.bars(perGroup.sorted { $0.key < $1.key }.map { ($0.key, Double($0.value)) }, unit: "people", title: "Bridge people per group"),
        ]
        if analysis.options.privacy.personLevel {
            nodes.append(.table(
                .tr(.th("person (pseudonym)"), .th("group"), .th("betweenness (normalized)"), .th("constraint")),
                .group(top.prefix(10).map { person in
                    .tr(.td(.text(analysis.data.people[person].id)), .td(.text(analysis.groups[person])),
                        .td(.text(String(format: "%.4f", values[person]))),
                        .td(.text(analysis.measures.constraint[person].map { String(format: "%.3f", $0) } ?? "")))
                })))
        }
        return nodes
    }

    static func dataQuality(_ tables: [AnalysisTable]) -> BodyNode {
        guard let table = tables.first(where: { $0.name == "data_quality" }) else { return .p("") }
        return .table(
            .tr(.th("measure"), .th("value"), .th("detail")),
            .group(table.rows.map { row in
                .tr(.td(.text(text(row.values[0]))), .td(.text(text(row.values[1]))), .td(.text(text(row.values[2]))))
            }))
    }

    static func suppression(_ analysis: CollaborationAnalysis) -> [BodyNode] {
        let report = analysis.suppression
        var nodes: [BodyNode] = [.p(.text(
            "Minimum group size \(report.minimumGroupSize); person-level tables \(report.personLevel ? "written" : "not written"); "
            + (report.noiseEpsilon.map { "Laplace noise with epsilon \($0) per cell." } ?? "no noise.")))]
        if report.entries.isEmpty {
            nodes.append(.p("Nothing was hidden."))
        } else {
            nodes.append(.table(
                .tr(.th("grouping"), .th("group"), .th("people"), .th("why")),
                .group(report.entries.map { entry in
                    .tr(.td(.text(entry.dimension)), .td(.text(entry.group)), .td(.text(entry.people.map(String.init) ?? "not shown")), .td(.text(entry.reason)))
                })))
        }
        return nodes
    }

    static func definitions(_ analysis: CollaborationAnalysis) -> [BodyNode] {
        let definitions = Definitions(assumptions: analysis.options.assumptions, privacy: analysis.options.privacy)
        var assumptionRows: [(String, String)] = []
        // Each assumption by its Swift name, the one the metric and graph definitions' texts use (definitions.json
        // writes the same values under snake_case keys): a string bare, anything else as its JSON.
        if let data = try? JSONEncoder().encode(analysis.options.assumptions),
           case .object(let members)? = try? JSONParser.parse(Array(data)) {
            assumptionRows = members.sorted { $0.key < $1.key }.map { member in
                if let text = member.value.stringValue { return (member.key, text) }
                var json: [UInt8] = []
                JSONWriter.write(member.value, into: &json)
                return (member.key, String(decoding: json, as: UTF8.self))
            }
        }
        return [
            .table(.tr(.th("metric"), .th("definition")),
                   .group(PersonMetric.allCases.map { .tr(.td(.text($0.rawValue)), .td(.text($0.definition))) })),
            .h2("Assumptions"),
            .table(.tr(.th("name"), .th("value")), .group(assumptionRows.map { .tr(.td(.text($0.0)), .td(.text($0.1))) })),
            .h2("Graph and privacy"),
            .table(.tr(.th("rule"), .th("definition")),
                   .group((definitions.graph.sorted { $0.key < $1.key } + definitions.privacy.sorted { $0.key < $1.key })
                    .map { .tr(.td(.text($0.key)), .td(.text($0.value))) })),
        ]
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(format: "%.4g", number)
        case .bool(let flag): String(flag)
        default: ""
        }
    }
}
