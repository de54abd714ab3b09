import FerryCore
import Foundation
import Testing

@testable import FerryAnalyze

/// The organisation's domains come from its members: a guest's home domain stays outside.
@Suite struct DirectoryDomainTests {
    @Test func aGuestsHomeDomainIsNotInternal() throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        let guest = #"{"id":"guest","mail":"g1@partner.example","userPrincipalName":"g1_partner.example#EXT#@contoso.example","department":null,"officeLocation":null,"userType":"Guest"}"#
        let members = ["alice", "bob"].map { ExportFixture.user($0, department: "sales") }
            .map { $0.replacingOccurrences(of: "}", with: #","userType":"Member"}"#) }
        try fixture.write("users", members + [guest])
        // Alice writes to someone else at the partner, who is not in the directory.
        try fixture.write(
            "messages", [ExportFixture.mail(owner: "alice", id: "m1", from: "alice", to: ["someone@partner.example"], sent: "2026-11-18T10:00:00Z")],
            partition: "2026-11-18")
        let analysis = try CollaborationAnalysis.run(AnalysisOptions(root: fixture.root, runId: "domains"))
        #expect(analysis.data.domains == ["contoso.example"], "\(analysis.data.domains)")
        #expect(analysis.data.outsiderIsInternal == [false], "the partner's address counts as outside")
    }
}
