import FerryCore
import FerryLoad
import FerryTestSupport
import Foundation
import Testing
@testable import FerryAnalyze

/// The tables go through Ferry's writer: committed Hive partitions with manifests, and no cell under k.
@Suite struct AnalysisOutputTests {
    /// The analysis of the planted organisation, written under a fresh temporary directory that the
    /// caller removes.
    static func writtenAnalysis(personLevel: Bool) throws -> (TemporaryDirectory, CollaborationAnalysis, AnalysisWriter.Summary) {
        let directory = try TemporaryDirectory()
        var options = AnalysisOptions(root: directory.url, runId: "test-run")
        options.privacy.personLevel = personLevel
        var analysis = CollaborationAnalysis.analyse(PlantedOrganisation().data, options: options, keyIds: ["hmac-sha256:abc"])
        let summary = try AnalysisWriter.write(&analysis)
        return (directory, analysis, summary)
    }

    static func rows(of table: String, under root: URL) throws -> [JSONValue] {
        let directory = root.appending(path: "analysis/\(table)")
        var rows: [JSONValue] = []
        for partition in try FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false)).sorted() {
            let url = directory.appending(path: partition)
            #expect(FileManager.default.fileExists(atPath: url.appending(path: "_SUCCESS").path(percentEncoded: false)))
            let manifest = try Manifest.read(from: url)
            #expect(manifest.pseudonymKeyId == "hmac-sha256:abc")
            for file in manifest.files {
                let bytes = try GzipDecompression.decompress(file: url.appending(path: file.name))
                for line in bytes.split(separator: 0x0A) { rows.append(try JSONParser.parse(Array(line))) }
            }
        }
        return rows
    }

    @Test func groupTablesAreCommittedAndNoCellDescribesFewerThanK() throws {
        let (directory, _, summary) = try Self.writtenAnalysis(personLevel: false)
        defer { directory.remove() }
        let root = directory.url
        let groupWeek = try Self.rows(of: "group_week", under: root)
        #expect(!groupWeek.isEmpty)
        for row in groupWeek {
            guard case .number(let people)? = row["people"] else { Issue.record("no people in \(row)"); continue }
            #expect(people >= 10)
        }
        for row in try Self.rows(of: "communities", under: root) {
            guard case .number(let people)? = row["people"] else { continue }
            #expect(people >= 10)
        }
        #expect(try !Self.rows(of: "data_quality", under: root).isEmpty)
        #expect(try !Self.rows(of: "group_ties", under: root).isEmpty)
        #expect(summary.rows["person_week"] == nil && summary.rows["edges"] == nil && summary.rows["person_network"] == nil)
        let analysisDirectory = root.appending(path: "analysis").path(percentEncoded: false)
        #expect(!FileManager.default.fileExists(atPath: analysisDirectory + "/person_week"))
        let definitions = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appending(path: "analysis/definitions.json"))) as? [String: Any]
        #expect(definitions?["definitions_version"] as? String == AnalyzeVersion.definitions)
        #expect((definitions?["metrics"] as? [String: String])?.count == PersonMetric.allCases.count)
    }

    @Test func personLevelTablesOnlyWhenAsked() throws {
        let (directory, analysis, summary) = try Self.writtenAnalysis(personLevel: true)
        defer { directory.remove() }
        let root = directory.url
        #expect(summary.rows["person_week"] == analysis.personWeeks.count)
        #expect(summary.rows["edges"] == analysis.graph.edgeCount)
        let network = try Self.rows(of: "person_network", under: root)
        #expect(network.count == analysis.data.people.count)
    }
}
