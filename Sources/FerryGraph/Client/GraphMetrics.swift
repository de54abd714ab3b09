import CoreMetrics
import Synchronization

/// What a `GraphHTTPClient` reports through swift-metrics, for `--metrics` (Prometheus) or any other
/// backend the process bootstraps; without one, swift-metrics drops it all at little cost.
///
/// Names follow Prometheus' conventions (`_total` for counters, base units, `_seconds`):
/// - `ferry_graph_requests_total{pipeline,endpoint,status}`: every answer, a `$batch` (endpoint `/$batch`)
///   and each of its items under the item's own endpoint, as Graph (and the simulator) count them;
/// - `ferry_graph_throttled_total{pipeline}`: answers 429 and 503, batch items included;
/// - `ferry_graph_retries_total{pipeline}`, `ferry_graph_retry_after_seconds_total{pipeline}`: retries, and
///   the time spent waiting because a `Retry-After` said so;
/// - `ferry_graph_requests_in_flight{pipeline}`, `ferry_graph_concurrency_limit{pipeline}`: requests on the
///   wire now, and the adaptive limit on them.
///
/// Endpoints are path shapes with ids taken out (`/users/{id}/messages`), so their number stays small.
public final class GraphMetrics: Sendable {
    private let pipeline: String
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let throttled: CoreMetrics.Counter
    private let retries: CoreMetrics.Counter
    private let retryAfterSeconds: FloatingPointCounter
    private let inFlight: Meter
    private let concurrencyLimit: Meter

    /// - Parameter pipeline: the `pipeline` label of every metric; empty outside a pipeline run.
    public init(pipeline: String = "") {
        self.pipeline = pipeline
        let dimensions = [("pipeline", pipeline)]
        throttled = Counter(label: "ferry_graph_throttled_total", dimensions: dimensions)
        retries = Counter(label: "ferry_graph_retries_total", dimensions: dimensions)
        retryAfterSeconds = FloatingPointCounter(label: "ferry_graph_retry_after_seconds_total", dimensions: dimensions)
        inFlight = Meter(label: "ferry_graph_requests_in_flight", dimensions: dimensions)
        concurrencyLimit = Meter(label: "ferry_graph_concurrency_limit", dimensions: dimensions)
    }

    /// Graph answered `status` to a request (or `$batch` item) for `url`.
    func answered(_ url: String, status: Int) {
        let endpoint = Self.endpoint(of: url)
        let key = "\(endpoint) \(status)"
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "ferry_graph_requests_total",
                dimensions: [("pipeline", pipeline), ("endpoint", endpoint), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        if status == 429 || status == 503 { throttled.increment() }
    }

    func retried() { retries.increment() }

    func waited(retryAfterSeconds seconds: Double) { retryAfterSeconds.increment(by: seconds) }

    func sending() { inFlight.increment() }

    func sent() { inFlight.decrement() }

    func limit(_ value: Int) { concurrencyLimit.set(value) }

    /// Path segments Graph names (collections, relations, functions); any other segment is an id.
    private static let names: Set<String> = [
        "users", "groups", "messages", "mailFolders", "events", "calendarView", "contacts", "mailboxSettings",
        "manager", "directReports", "members", "memberOf", "transitiveMembers", "delta", "$batch", "$count",
        "me", "organization", "calendar", "calendars", "contactFolders", "childFolders", "instances", "attachments",
    ]

    /// The path of `url` after the API version, ids replaced by `{id}`: `/users/{id}/mailFolders/{id}/messages`.
    /// Asked of every answer, so it reads the URL's UTF-8 bytes rather than its characters.
    static func endpoint(of url: String) -> String {
        var path = url.utf8[...]
        if let scheme = path.firstRange(ofASCII: "://") { path = path[scheme.upperBound...] }
        guard let slash = path.firstIndex(of: UInt8(ascii: "/")) else { return "/" }
        path = path[slash...]
        if let query = path.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) { path = path[..<query] }
        var segments = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { String(Substring($0)) }
        if let version = segments.first, version == "v1.0" || version == "beta" { segments.removeFirst() }
        if segments.count > 8 { segments = Array(segments.prefix(8)) + ["..."] }
        return "/" + segments.map { names.contains($0) || $0 == "..." ? $0 : "{id}" }.joined(separator: "/")
    }
}
