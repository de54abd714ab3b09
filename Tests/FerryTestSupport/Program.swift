import Foundation

/// A program a test ran to its end.
public struct ProgramResult: Sendable {
    public let status: Int32
    public let outputData: Data
    public let errorData: Data

    public var output: String { String(decoding: outputData, as: UTF8.self) }
    public var error: String { String(decoding: errorData, as: UTF8.self) }
}

/// Runs programs for tests without holding a thread while they run.
///
/// Swift's cooperative pool has one thread per core, two on CI: a test blocked reading a pipe until its
/// child exits stalls every other test for that long. And Foundation's `readDataToEndOfFile` traps when
/// a signal interrupts the read, which the SIGCHLD of another test's child does. So output goes to
/// temporary files, read once the program has exited, and the exit is awaited, never polled.
public enum Program {
    /// Runs `path` with `arguments` to its end.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> ProgramResult {
        let child = try Child(path, arguments, environment: environment)
        return try await child.result()
    }

    /// Runs a short tool (`gzip -dc`, `sha256sum`) to its end, blocking the calling thread meanwhile: for
    /// synchronous code only, where the tool takes milliseconds. Its output goes to a file as in `run`.
    public static func runBriefly(_ path: String, _ arguments: [String]) throws -> ProgramResult {
        let child = try Child(path, arguments)
        child.process.waitUntilExit()
        return try child.collect()
    }

    /// The pid of a process that has already exited.
    public static func deadProcessId() async throws -> Int32 {
        let child = try Child("/bin/true", [])
        _ = try await child.result()
        return child.process.processIdentifier
    }

    /// A started program whose output is collected in temporary files.
    public final class Child {
        public let process: Process
        private let outputURL: URL
        private let errorURL: URL
        private let exited: Task<Void, Never>

        public init(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws {
            let directory = FileManager.default.temporaryDirectory
            let name = "ferry-test-\(UUID().uuidString)"
            outputURL = directory.appendingPathComponent(name + ".out")
            errorURL = directory.appendingPathComponent(name + ".err")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            if let environment { process.environment = environment }
            for url in [outputURL, errorURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            let output = try FileHandle(forWritingTo: outputURL)
            let error = try FileHandle(forWritingTo: errorURL)
            defer {
                try? output.close()
                try? error.close()
            }
            process.standardOutput = output
            process.standardError = error
            let (ends, end) = AsyncStream<Void>.makeStream()
            process.terminationHandler = { _ in
                end.yield()
                end.finish()
            }
            self.process = process
            exited = Task {
                for await _ in ends { break }
            }
            do {
                try process.run()
            } catch {
                end.finish()
                Self.remove([outputURL, errorURL])
                throw error
            }
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            Self.remove([outputURL, errorURL])
        }

        /// Standard output so far.
        public var outputSoFar: String {
            String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
        }

        /// Waits until standard output holds `line` as a whole line; false if the program ends first or a
        /// minute passes.
        public func waitForLine(_ line: String) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                // Read after checking whether it runs, so that the output of a program that just ended is seen.
                let running = process.isRunning
                if outputSoFar.split(separator: "\n").contains(Substring(line)) { return true }
                guard running, ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .milliseconds(10))
            }
        }

        /// Kills the program and waits for its end.
        public func killAndWait() async {
            kill(process.processIdentifier, SIGKILL)
            await exited.value
        }

        /// Waits for the program's end and returns what it did.
        public func result() async throws -> ProgramResult {
            await exited.value
            return try collect()
        }

        /// What the program did, once it has exited.
        func collect() throws -> ProgramResult {
            ProgramResult(
                status: process.terminationStatus, outputData: try Data(contentsOf: outputURL), errorData: try Data(contentsOf: errorURL))
        }

        private static func remove(_ urls: [URL]) {
            for url in urls { try? FileManager.default.removeItem(at: url) }
        }
    }
}
