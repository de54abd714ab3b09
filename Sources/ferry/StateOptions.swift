import ArgumentParser
import FerryState

/// The `--state` flag of commands that read or record runs.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "The state database: runs, watermarks, locks.")
    var path: String = StateStore.defaultPath

    func open() throws -> StateStore {
        do {
            return try StateStore(path: path)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
