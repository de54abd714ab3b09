import FerryTestSupport
import Foundation
import Testing

/// Runs the built `ferry analyze`, as a user would.
@Suite struct AnalyzeCommandTests {
    static var ferry: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ferry")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/ferry").path
    }

    @Test func analysesAnExportAndSaysWhereTheReportIs() async throws {
        let fixture = try ExportFixture()
        defer { fixture.remove() }
        try KnownTenant.write(to: fixture)
        let result = try await Program.run(Self.ferry, ["analyze", fixture.root.path, "--min-group-size", "5"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("analysed 4 people"))
        #expect(result.output.contains("missing group_members"))
        #expect(result.output.contains("report: \(fixture.root.path)/analysis/report.html"))
        #expect(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("analysis/report.html").path))
    }

    @Test func refusesAnExportThatWasNotPseudonymized() async throws {
        var fixture = try ExportFixture()
        defer { fixture.remove() }
        fixture.keyId = nil
        try KnownTenant.write(to: fixture)
        let result = try await Program.run(Self.ferry, ["analyze", fixture.root.path])
        #expect(result.status == 3)
        #expect(result.error.contains("refusing to analyse an export that was not pseudonymized"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("analysis").path))
    }

    @Test func refusesAMinimumGroupSizeBelowFive() async throws {
        let result = try await Program.run(Self.ferry, ["analyze", "/tmp", "--min-group-size", "3"])
        #expect(result.status != 0)
        #expect(result.error.contains("at least 5"))
    }
}
