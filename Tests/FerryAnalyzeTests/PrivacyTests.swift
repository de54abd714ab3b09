import FerryCore
import Foundation
import Testing
@testable import FerryAnalyze

@Suite struct PrivacyTests {
    /// 12 + 15 people in two departments and 3 in a third, each with known weekly hours.
    static func smallGroupOrganisation() -> (data: CollaborationData, weeks: [PersonWeek], labels: [String]) {
        var data = CollaborationData()
        var weeks: [PersonWeek] = []
        var labels: [String] = []
        for (department, size, hours) in [("sales", 12, 10.0), ("eng", 15, 20.0), ("legal", 3, 50.0)] {
            for _ in 0..<size {
                let person = data.people.count
                data.people.append(Person(id: "p\(person)", department: department, workingHours: .standard()))
                labels.append(department)
                var row = PersonWeek(person: person, week: 20_402)
                row[.collaborationHours] = hours
                row[.emailsSent] = 1
                weeks.append(row)
            }
        }
        return (data, weeks, labels)
    }

    @Test func smallGroupsMergeAndTheirComplementToo() {
        let (labels, suppressed) = GroupAnonymizer(minimumGroupSize: 10).anonymize(Self.smallGroupOrganisation().labels, dimension: "department")
        // legal (3) goes to "other"; "other" would have 3 < 10, so the smallest published group (sales, 12) joins it.
        #expect(Set(labels) == ["eng", "other"])
        #expect(suppressed.map(\.group) == ["legal", "sales"])
        #expect(suppressed[1].reason.contains("complementary"))
        // The size of a group under k is itself a figure about fewer than k people: not reported.
        #expect(suppressed[0].people == nil && suppressed[1].people == 12)
    }

    @Test func aSuppressedGroupCannotBeRecoveredFromTheVisibleOnes() {
        let (_, weeks, raw) = Self.smallGroupOrganisation()
        let k = 10
        let labels = GroupAnonymizer(minimumGroupSize: k).anonymize(raw, dimension: "department").labels
        let cells = GroupWeekAggregator(policy: PrivacyPolicy(minimumGroupSize: k)).aggregate(weeks, groups: labels)
        // Every published cell describes k people or more.
        for cell in cells { #expect(cell.people >= k, "\(cell.group) describes \(cell.people) people") }
        #expect(!cells.contains { $0.group == "legal" })
        // The attack: the organisation's total minus every published group but one.
        let metric = PersonMetric.collaborationHours.position
        let total = cells.first { $0.group == GroupWeekAggregator.allLabel }!
        let visible = cells.filter { $0.group != GroupWeekAggregator.allLabel }
        let legalTruth = 50.0
        for hidden in visible {
            let others = visible.filter { $0.group != hidden.group }
            let remainderPeople = total.people - others.reduce(0) { $0 + $1.people }
            let remainderSum = total.means[metric] * Double(total.people) - others.reduce(0) { $0 + $1.means[metric] * Double($1.people) }
            #expect(remainderPeople >= k, "subtracting leaves \(remainderPeople) people")
            #expect(abs(remainderSum / Double(remainderPeople) - legalTruth) > 1, "legal's 50 hours recovered")
        }
        // Without complementary suppression the same subtraction would have found legal exactly.
        let naive = raw.map { $0 == "legal" ? "other" : $0 }
        let naiveCells = GroupWeekAggregator(policy: PrivacyPolicy(minimumGroupSize: k)).aggregate(weeks, groups: naive)
        let naiveTotal = naiveCells.first { $0.group == "all" }!
        let naiveVisible = naiveCells.filter { $0.group == "sales" || $0.group == "eng" }
        let recovered = (naiveTotal.means[metric] * 30 - naiveVisible.reduce(0) { $0 + $1.means[metric] * Double($1.people) }) / 3
        #expect(abs(recovered - legalTruth) < 1e-9)
    }

    @Test func aPopulationUnderKIsSuppressedWhole() {
        let (labels, suppressed) = GroupAnonymizer(minimumGroupSize: 10).anonymize(["a", "a", "b"], dimension: "department")
        #expect(Set(labels) == [GroupAnonymizer.suppressedLabel])
        #expect(suppressed.count == 2)
    }

    @Test func kBelowFiveIsRefused() throws {
        #expect(throws: AnalyzeError.self) { try PrivacyPolicy(minimumGroupSize: 4).validate() }
        try PrivacyPolicy(minimumGroupSize: 5).validate()
    }

    @Test func noiseChangesSumsButNotGroupSizes() {
        let (_, weeks, raw) = Self.smallGroupOrganisation()
        let labels = GroupAnonymizer(minimumGroupSize: 10).anonymize(raw, dimension: "department").labels
        let exact = GroupWeekAggregator(policy: PrivacyPolicy()).aggregate(weeks, groups: labels)
        let noisy = GroupWeekAggregator(policy: PrivacyPolicy(noiseEpsilon: 1)).aggregate(weeks, groups: labels)
        #expect(exact.map(\.people) == noisy.map(\.people))
        #expect(exact.map(\.means) != noisy.map(\.means))
    }

    @Test func anExportWithoutPseudonymKeyIsRefused() throws {
        var fixture = try ExportFixture()
        defer { fixture.remove() }
        fixture.keyId = nil
        try KnownTenant.write(to: fixture)
        let options = AnalysisOptions(root: fixture.root, runId: "test")
        let error = #expect(throws: AnalyzeError.self) { try CollaborationAnalysis.run(options) }
        #expect(error?.kind == .privacy)
        #expect(error?.message.contains("not pseudonymized") == true)
    }

    @Test func mixedKeysAreRefusedUnlessAllowed() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        try KnownTenant.write(to: fixture)
        try fixture.write("group_members", [#"{"pgroup":"g1","id":"alice"}"#], keyId: .some("hmac-sha256:ffffffffffffffffffffffffffffffff"))
        let error = #expect(throws: AnalyzeError.self) { try ExportReader(root: fixture.root).inventory() }
        #expect(error?.message.contains("different pseudonym keys") == true)
        #expect(try ExportReader(root: fixture.root).inventory(allowMixedKeys: true).keyIds.count == 2)
    }
}
