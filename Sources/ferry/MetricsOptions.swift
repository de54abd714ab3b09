import ArgumentParser
import CoreMetrics
import FerryRuntime
import Logging
import Prometheus

/// `--metrics HOST:PORT`: serve Prometheus metrics while the command runs.
struct MetricsOptions: ParsableArguments {
    @Option(
        name: .customLong("metrics"),
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://HOST:PORT/metrics while this runs (':9464' is 127.0.0.1:9464; port 0 picks a free one).",
            valueName: "HOST:PORT"))
    var address: String?

    /// Buckets of `ferry_run_duration_seconds`: runs last seconds to hours.
    static let runDurationBuckets: [Duration] = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400]
        .map { .seconds($0) }

    /// Sends swift-metrics to a Prometheus registry and serves it; nil without `--metrics`. Call once, first.
    func start(logger: Logger) throws -> MetricsListener? {
        guard let address else { return nil }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["ferry_run_duration_seconds"] = Self.runDurationBuckets
        MetricsSystem.bootstrap(factory)
        let listener = try MetricsListener(address: address) { registry.emitToBuffer() }
        logger.notice("serving metrics", metadata: ["url": "http://\(listener.address)/metrics"])
        return listener
    }

    /// `start(logger:)`, or the command's exit with a configuration error that says why.
    func start(logger: Logger, reportingTo logging: LoggingOptions) throws -> MetricsListener? {
        do {
            return try start(logger: logger)
        } catch {
            logging.report("\(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
    }
}
