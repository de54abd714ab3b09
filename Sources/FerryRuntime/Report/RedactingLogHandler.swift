import Logging

/// A `LogHandler` that passes every message and metadata value through a `LogRedactor` before another
/// handler writes it: what reaches standard error (text or JSON) never holds a secret or an address.
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler
    private let redactor: LogRedactor

    public init(_ inner: any LogHandler, redactor: LogRedactor) {
        self.inner = inner
        self.redactor = redactor
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue.mapValues(redact) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue.map(redact) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(redactor.redact(event.message.description))"
        event.metadata = event.metadata?.mapValues(redact)
        if let error = event.error {
            // An error's text may quote what Graph said; it goes on redacted, as metadata.
            event.metadata = (event.metadata ?? [:]).merging(["error": .string(redactor.redact("\(error)"))]) { $1 }
            event.error = nil
        }
        inner.log(event: event)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(redactor.redact(text))
        case .stringConvertible(let value): .string(redactor.redact(value.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }
}
