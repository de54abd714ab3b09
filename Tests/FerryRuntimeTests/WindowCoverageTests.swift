import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// A run replaces exactly the days it covers. calendarView answers every event that overlaps the window,
/// also those that began the day before; written, they would replace that day's whole partition with
/// the few events that reached into the new window.
@Suite struct WindowCoverageTests {
    static func pipelineText(output: URL, start: Date, end: Date) -> String {
        let day = { (date: Date) in String(date.ISO8601Format().prefix(10)) }
        return """
            name: coverage
            \(SimulatedEnvironment.sourceYAML)
            scope:
              users: all
              exclude_guests: false
            window:
              start: \(day(start))
              end: \(day(end))
            datasets:
              - dataset: users
              - dataset: calendar_view
            transform:
              pseudonymize:
                key: ${FERRY_PSEUDONYM_KEY}
            load:
              path: \(output.path)
            """
    }

    /// Rows of every visible partition of calendar_view, by partition directory.
    static func rows(_ output: URL) throws -> [String: Int] {
        var rows: [String: Int] = [:]
        for file in visibleFiles(under: output.appendingPathComponent("calendar_view")) where file.lastPathComponent.hasSuffix(".jsonl.gz") {
            rows[file.deletingLastPathComponent().lastPathComponent, default: 0] += try gunzip(file).split(separator: "\n").count
        }
        return rows
    }

    @Test func aLaterWindowLeavesTheDaysBeforeItAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SimulatedEnvironment.configuration(users: 25, seed: 91)
        let day: TimeInterval = 86_400
        let anchor = (configuration.anchor.timeIntervalSince1970 / day).rounded(.down) * day
        let output = directory.url.appendingPathComponent("out")
        try await SimulatedEnvironment.with(configuration, output: output) { simulated in
            let first = try simulated.loadPipeline(
                yaml: Self.pipelineText(output: output, start: Date(timeIntervalSince1970: anchor - 7 * day), end: Date(timeIntervalSince1970: anchor)),
                writingTo: directory.url.appendingPathComponent("first.yaml"))
            _ = try await PipelineRunner(pipeline: first).run()
            let before = try Self.rows(output)
            #expect(before.count >= 5, "events on most days of the first window: \(before)")

            let second = try simulated.loadPipeline(
                yaml: Self.pipelineText(output: output, start: Date(timeIntervalSince1970: anchor), end: Date(timeIntervalSince1970: anchor + 7 * day)),
                writingTo: directory.url.appendingPathComponent("second.yaml"))
            let summary = try await PipelineRunner(pipeline: second).run()
            let after = try Self.rows(output)
            for (partition, count) in before {
                #expect(after[partition] == count, "\(partition) of the first window: \(count) rows before, \(after[partition] ?? 0) after")
            }
            let calendar = try #require(summary.datasets.first { $0.dataset == "calendar_view" })
            #expect(calendar.partitions.allSatisfy { $0.value >= String(Date(timeIntervalSince1970: anchor).ISO8601Format().prefix(10)) })
            #expect(calendar.outsideWindow > 0, "the simulator has events that cross into the second window")
        }
    }
}
