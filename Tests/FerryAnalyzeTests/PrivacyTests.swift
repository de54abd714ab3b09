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
        // The size of a group under k is itself a figure about fewer than k people: not reported. Nor is
        // the size of the group merged to protect it: "other" (15) minus sales (12) would give legal's 3.
        #expect(suppressed[0].people == nil && suppressed[1].people == nil)
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

    /// People of `departments` (name, size, active) in one week: the active ones sent `sent` mails and
    /// worked `hours`, the others did nothing.
    static func activity(_ departments: [(String, Int, Int)], hours: Double = 7, sent: Double = 3) -> (weeks: [PersonWeek], labels: [String]) {
        var weeks: [PersonWeek] = []
        var labels: [String] = []
        for (department, size, activeCount) in departments {
            for index in 0..<size {
                var row = PersonWeek(person: labels.count, week: 20_402)
                if index < activeCount {
                    row[.collaborationHours] = hours
                    row[.emailsSent] = sent
                }
                weeks.append(row)
                labels.append(department)
            }
        }
        return (weeks, labels)
    }

    @Test func aWeekWithFewerThanKActivePeopleIsWithheldAndItsComplementToo() {
        // "tiny" has 10 people but one was active: its mean times 10 would be that person's week.
        let (weeks, labels) = Self.activity([("tiny", 10, 1), ("sales", 12, 12), ("eng", 15, 15)], hours: 4.5)
        let (cells, withheld) = GroupWeekAggregator(policy: PrivacyPolicy(minimumGroupSize: 10)).aggregateWithheld(weeks, groups: labels)
        #expect(withheld == [
            .init(week: 20_402, group: "sales", complementary: true), .init(week: 20_402, group: "tiny", complementary: false),
        ])
        #expect(Set(cells.map(\.group)) == ["all", "eng"])
        // What subtraction gives back now describes 13 active people, not one.
        let metric = PersonMetric.collaborationHours.position
        let total = cells.first { $0.group == "all" }!, eng = cells.first { $0.group == "eng" }!
        let remainder = total.means[metric] * Double(total.people) - eng.means[metric] * Double(eng.people)
        #expect(abs(remainder - 13 * 4.5) < 1e-9)
        for cell in cells { #expect(cell.activePeople >= 10, "\(cell.group) describes \(cell.activePeople) active people") }

        // Every group under k active: the "all" row would be their sum, so it goes too.
        let quiet = Self.activity([("a", 10, 4), ("b", 10, 5)])
        let none = GroupWeekAggregator(policy: PrivacyPolicy(minimumGroupSize: 10)).aggregateWithheld(quiet.weeks, groups: quiet.labels)
        #expect(none.cells.isEmpty)
        #expect(Set(none.withheld.map(\.group)) == ["a", "b", "all"])
    }

    @Test func withoutNoiseNothingIsClipped() {
        // 627 mails a week is a manager's ordinary week; the count clip (500) is for noisy sums only.
        let (weeks, labels) = Self.activity([("managers", 10, 10)], sent: 627)
        let exact = GroupWeekAggregator(policy: PrivacyPolicy(minimumGroupSize: 10)).aggregate(weeks, groups: labels)
        #expect(exact.first { $0.group == "managers" }?.means[PersonMetric.emailsSent.position] == 627)
    }

    @Test func theNoiseSeedIsFreshEachTimeAndNeverWritten() throws {
        let (weeks, labels) = Self.activity([("sales", 12, 12), ("eng", 15, 15)])
        let policy = PrivacyPolicy(minimumGroupSize: 10, noiseEpsilon: 1)
        let first = GroupWeekAggregator(policy: policy).aggregate(weeks, groups: labels).map(\.means)
        let second = GroupWeekAggregator(policy: policy).aggregate(weeks, groups: labels).map(\.means)
        #expect(first != second, "the same noise twice: whoever knows the seed can subtract it")
        let definitions = try String(decoding: Definitions(assumptions: Assumptions(), privacy: policy).encoded(), as: UTF8.self)
        #expect(definitions.contains("\"noise_epsilon\""))
        #expect(!definitions.contains("noise_seed"))
    }
}

