import ArgumentParser
import FerryRuntime
import Foundation
import Logging

/// Flags every command that talks to Graph shares.
struct LoggingOptions: ParsableArguments {
    /// How log lines are written.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json
    }

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var level: Logger.Level = .notice

    @Option(
        name: .customLong("log-format"),
        help: "text (a line for people) or json (one JSON object a line: time, level, logger, message, metadata).")
    var format: Format = .text

    /// A logger writing to standard error at the chosen level and in the chosen format; `secrets` (and
    /// anything shaped like a token or an e-mail address) never reach it (see `LogRedactor`).
    func makeLogger(label: String, secrets: [String] = []) -> Logger {
        let redactor = LogRedactor(secrets: secrets)
        let json = format == .json
        var logger = Logger(label: label) { label in
            let inner: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            return RedactingLogHandler(inner, redactor: redactor)
        }
        logger.logLevel = level
        return logger
    }
}

extension LoggingOptions {
    /// Tells the person or the log collector on standard error what ended or is stopping the command:
    /// `error: <text>` in text format, a log event of `level` in JSON format (so every line stays JSON).
    func report(_ text: String, level: Logger.Level = .error, secrets: [String] = []) {
        guard format == .json else {
            // The same redaction as every log line: errors can carry URLs and Graph's messages.
            let text = LogRedactor(secrets: secrets).redact(text)
            return printError(level >= .error ? "error: \(text)" : text)
        }
        var logger = makeLogger(label: "ferry", secrets: secrets)
        logger.logLevel = .trace
        logger.log(level: level, "\(text)")
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
