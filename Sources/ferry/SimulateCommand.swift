import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `ferry simulate`: runs the tenant simulator, the `ferry-simulator` program installed beside `ferry`.
///
/// The simulator is a program of its own so that `ferry` does not link its HTTP server stack; this command
/// replaces the `ferry` process with it (same process id, so signals and `kill` reach the simulator),
/// passing every argument on unchanged. `ferry simulate --help` shows the simulator's own options.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a synthetic, deterministic Microsoft 365 tenant over HTTP on loopback.",
        discussion: """
            Runs ferry-simulator, installed beside ferry, with these arguments; \
            `ferry simulate --help` lists its options (--port, --users, --seed, --client-certificate, ...).
            """)

    /// The simulator program's name, looked up in the directory of the running `ferry`.
    static let programName = "ferry-simulator"

    @Argument(parsing: .captureForPassthrough, help: "The simulator's options.")
    var arguments: [String] = []

    func run() throws {
        try Self.replaceProcess(arguments: arguments)
    }

    /// Replaces this process with the simulator; returns only by throwing, with a message naming what is missing.
    static func replaceProcess(arguments: [String]) throws -> Never {
        let path = programPath()
        guard FileManager.default.isExecutableFile(atPath: path) else {
            printError(
                "error: ferry simulate needs the \(programName) program beside ferry, but \(path) does not exist "
                    + "or is not executable; build it with `swift build --product \(programName)` (make build does) "
                    + "or install it next to ferry")
            throw ExitCode(1)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        printError("error: could not start \(path): \(reason)")
        throw ExitCode(1)
    }

    /// `ferry-simulator` in the directory of the running executable (its real path, links resolved).
    static func programPath() -> String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(programName).path
    }
}
