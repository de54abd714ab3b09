import FerryRuntime
import Foundation

/// Shows a run's progress: one rewritten line on a terminal, a log line every few seconds otherwise.
struct ProgressDisplay: Sendable {
    let progress: RunProgress
    let isTerminal: Bool

    /// Runs until cancelled.
    func run() async {
        let interval: Duration = isTerminal ? .milliseconds(500) : .seconds(10)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            write(line(), final: false)
        }
    }

    func finish() {
        if isTerminal { write(line(), final: true) }
    }

    func line() -> String {
        let s = progress.snapshot
        let elapsed = progress.started.duration(to: .now)
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 0.001)
        let total = s.usersListingDone ? "\(s.usersListed)" : "\(s.usersListed)+"
        return "users \(s.usersDone)/\(total) · records \(s.records) · \(Int(Double(s.records) / seconds)) records/s"
            + " · \(String(format: "%.1f", Double(s.bytesFetched) / seconds / 1_048_576)) MB/s fetched"
            + " · no mailbox \(s.usersWithoutMailbox) · throttled \(progress.throttled) · \(Int(seconds))s"
    }

    private func write(_ line: String, final: Bool) {
        let text = isTerminal ? "\r\u{1B}[2K" + line + (final ? "\n" : "") : "progress: " + line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
