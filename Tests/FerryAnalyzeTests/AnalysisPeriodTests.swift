import FerryCore
import Foundation
import Testing

@testable import FerryAnalyze

/// The weeks an analysis covers come from what it read, and a week it read only in part says so.
@Suite struct AnalysisPeriodTests {
    @Test func aMailFromTheFutureDoesNotStretchThePeriodAndPartWeeksAreFlagged() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let people = ["alice", "bob", "carol"]
        try fixture.write("users", people.map { ExportFixture.user($0, department: "sales") })
        // Saturday 21 to Tuesday 24 November: two days of one week and two of the next.
        for (day, owner) in [("2026-11-21", "alice"), ("2026-11-22", "bob"), ("2026-11-23", "carol"), ("2026-11-24", "alice")] {
            try fixture.write(
                "messages", [ExportFixture.mail(owner: owner, id: "m-\(day)", from: "bob", to: [owner], sent: "\(day)T10:00:00Z")],
                partition: day)
        }
        // Spam whose sender's clock said 2030, received on the 23rd.
        try fixture.write(
            "messages", [ExportFixture.mail(owner: "carol", id: "spam", from: "bob", to: ["carol"], sent: "2030-12-31T10:00:00Z")],
            partition: "2026-11-23")

        let analysis = try CollaborationAnalysis.run(AnalysisOptions(root: fixture.root, runId: "period"))
        let weeks = Set(analysis.personWeeks.map { Week.text($0.week) })
        #expect(weeks == ["2026-11-16", "2026-11-23"], "\(weeks.sorted())")
        #expect(analysis.data.quality.partialWeeks.map { Week.text($0.week) } == ["2026-11-16", "2026-11-23"])
        #expect(analysis.data.quality.partialWeeks.map { $0.days } == [2, 2])
        let quality = try #require(AnalysisTables.build(analysis).first { $0.name == "data_quality" })
        #expect(quality.rows.contains { $0.values[0] == .string("partial_week") && $0.values[1] == .number(2) })
    }
}
