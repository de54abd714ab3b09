import FerryCore
import Foundation
import Logging
import Synchronization

/// Writes each log event as one JSON object on one line, for a log collector to read without parsing
/// prose: `{"level":"warning","logger":"ferry.run","message":"...","metadata":{...},"time":"..."}`.
///
/// Keys are sorted; `time` is UTC ISO 8601 to the millisecond; `metadata` (the logger's, the provider's and
/// the event's, merged) is left out when empty; nested metadata stays nested. Lines are written whole, one
/// write each, under a lock, so lines of concurrent tasks never interleave. Put it under a
/// `RedactingLogHandler`: this type writes what it is given.
public struct JSONLogHandler: LogHandler {
    /// Where lines go: standard error, or any other sink (tests).
    public typealias Output = @Sendable (String) -> Void

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: Output

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, output: @escaping Output = Self.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        var object: [String: JSONValue] = [
            "time": .string(Self.timestamp(Date())),
            "level": .string(event.level.rawValue),
            "logger": .string(label),
            "message": .string(event.message.description),
        ]
        if !merged.isEmpty { object["metadata"] = Self.json(.dictionary(merged)) }
        // FerryCore's writer, which cannot fail: no log line is ever dropped for its content.
        var line: [UInt8] = []
        JSONWriter.write(Self.sorted(object), into: &line)
        line.append(UInt8(ascii: "\n"))
        output(String(decoding: line, as: UTF8.self))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): sorted(values.mapValues(json))
        }
    }

    /// An object with its keys in order, so that lines compare and diff stably.
    private static func sorted(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    private static func timestamp(_ date: Date) -> String {
        UTCTimestamp(date).iso8601Milliseconds
    }

    /// Writes a line to standard error in one `write`, under a process-wide lock.
    public static let standardError: Output = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static let lock = Mutex(())
}
