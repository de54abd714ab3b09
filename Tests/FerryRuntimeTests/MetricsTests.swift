import CoreMetrics
import FerryConfig
import FerryCore
import FerryLoad
import FerryTestSupport
import Foundation
@testable import GraphSimulator
import Prometheus
import Testing

@testable import FerryRuntime

/// `--metrics`: a run's counters, served in Prometheus' text format and read back by a real parser, agree
/// with what the simulator counted and with the manifests.
@Suite("Metrics")
struct MetricsTests {
    /// The process's one registry: swift-metrics is bootstrapped once per process. Other tests' runs count
    /// into it too, under their own pipeline names; each test here runs a pipeline of a name of its own.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// One sample as prometheus_client's parser read it.
    struct Sample: Decodable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Scrapes `url` with Python's urllib and parses the text with `prometheus_client.parser`.
    static let scrapeScript = """
        import json, sys, urllib.request
        from prometheus_client.parser import text_string_to_metric_families
        response = urllib.request.urlopen(sys.argv[1], timeout=30)
        assert response.status == 200, response.status
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4"), response.headers["Content-Type"]
        text = response.read().decode("utf-8")
        samples = [{"name": s.name, "labels": s.labels, "value": s.value}
                   for family in text_string_to_metric_families(text) for s in family.samples]
        print(json.dumps(samples))
        """

    static func scrape(_ listener: MetricsListener, pipeline: String) async throws -> [Sample] {
        let result = try await Program.run(
            "/usr/bin/env", ["python3", "-c", scrapeScript, "http://\(listener.address)/metrics"])
        #expect(result.status == 0, "\(result.error)")
        return try JSONDecoder().decode([Sample].self, from: result.outputData).filter { $0.labels["pipeline"] == pipeline }
    }

    static func total(_ samples: [Sample], _ name: String, where matches: ([String: String]) -> Bool = { _ in true }) -> Double {
        samples.filter { $0.name == name && matches($0.labels) }.reduce(0) { $0 + $1.value }
    }

    @Test func aRunsCountersAgreeWithTheSimulatorAndTheManifestsDuringAndAfterTheRun() async throws {
        let registry = Self.registry
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var configuration = SimulatedEnvironment.configuration(users: 30, seed: 31)
        // Small enough that mailboxes and the directory both answer 429 now and then.
        configuration.throttling = ThrottlingPolicy.graph.scaled(by: 0.002, userCount: 30)
        configuration.violationGrace = 0.1
        try await SimulatedEnvironment.with(configuration, output: directory.url.appendingPathComponent("out")) { simulated in
            let name = "metrics-\(UUID().uuidString.prefix(8).lowercased())"
            var pipeline = try simulated.loadPipeline("every-dataset.yaml")
            pipeline.name = name

            let listener = try MetricsListener(address: "127.0.0.1:0") { registry.emitToBuffer() }
            defer { listener.stop() }
            let gate = simulated.server.admissionGate
            let run = Task { try await PipelineRunner(pipeline: pipeline).run() }

            // During: once the token is issued, Graph requests are held in progress at the simulator's gate.
            let deadline = ContinuousClock.now + .seconds(120)
            while simulated.server.counters.count(.token) == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            gate.close()
            while gate.waitingCount == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            try #require(gate.waitingCount > 0, "requests held in progress")
            let during = try await Self.scrape(listener, pipeline: name)
            gate.open()
            #expect(Self.total(during, "ferry_graph_requests_in_flight") >= 1)
            #expect(Self.total(during, "ferry_graph_concurrency_limit") >= 1)
            #expect(Self.total(during, "ferry_runs_total") == 0, "the run is not over")

            let summary = try await run.value
            let after = try await Self.scrape(listener, pipeline: name)
            let counters = simulated.server.counters

            // Requests: every answer the simulator gave but the token endpoint's, `$batch` items under their own
            // endpoint as the simulator counts them; 429s alike.
            #expect(Int(Self.total(after, "ferry_graph_requests_total")) == counters.totalRequests - counters.count(.token))
            #expect(Int(Self.total(after, "ferry_graph_requests_total") { $0["status"] == "429" }) == counters.throttled)
            #expect(counters.throttled > 0, "the tenant throttled: \(counters.throttledByLimit)")
            #expect(Int(Self.total(after, "ferry_graph_requests_total") { $0["endpoint"] == "/$batch" }) == counters.batches)
            #expect(Int(Self.total(after, "ferry_graph_requests_total") { $0["endpoint"] == "/users/{id}/messages" })
                == counters.count(.messages))
            #expect(Self.total(after, "ferry_graph_retry_after_seconds_total") > 0)
            #expect(Self.total(after, "ferry_graph_retries_total") >= Double(counters.throttled))
            #expect(Self.total(after, "ferry_graph_requests_in_flight") == 0)

            // Records: as the manifests describe them.
            #expect(summary.datasets.count == 11)
            for result in summary.datasets {
                var rows = 0
                for file in visibleFiles(under: simulated.output.appendingPathComponent(result.outputName))
                where file.lastPathComponent == Manifest.fileName {
                    let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: file))
                    rows += manifest.files.reduce(0) { $0 + $1.rows }
                }
                #expect(rows > 0, "\(result.dataset)")
                #expect(
                    Int(Self.total(after, "ferry_records_written_total") { $0["dataset"] == result.dataset }) == rows,
                    "\(result.dataset)")
            }
            let messages = try #require(summary.datasets.first { $0.dataset == "messages" })
            #expect(Int(Self.total(after, "ferry_bytes_written_total") { $0["dataset"] == "messages" }) == messages.bytes)
            #expect(Int(Self.total(after, "ferry_units_skipped_total") { $0["dataset"] == "messages" }) == messages.usersWithoutMailbox)
            #expect(Self.total(after, "ferry_runs_total") { $0["outcome"] == "succeeded" } == 1)
            #expect(Self.total(after, "ferry_run_duration_seconds_count") == 1)
            let lastSuccess = Self.total(after, "ferry_last_success_timestamp_seconds")
            #expect(abs(lastSuccess - Date().timeIntervalSince1970) < 3600)
            // The watermark is the end of the run's window: midnight UTC starting today.
            let windowEnd = try #require(summary.window?.end)
            #expect(
                Self.total(after, "ferry_watermark_timestamp_seconds") { $0["pipeline"] == name }
                    == Double(windowEnd.millisecondsSinceEpoch) / 1000)
            #expect(windowEnd == UTCTimestamp(Date()).startOfDay || windowEnd == UTCTimestamp(Date()).startOfDay.adding(days: -1))
        }
    }

    /// The value of one counter sample in the registry's text, for a pipeline, dataset and reason.
    static func skipped(_ text: String, pipeline: String, dataset: String, reason: String) -> Double? {
        let labels = ["pipeline=\"\(pipeline)\"", "dataset=\"\(dataset)\"", "reason=\"\(reason)\""]
        for line in text.split(separator: "\n") where line.hasPrefix("ferry_units_skipped_total{") {
            guard labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }

    @Test func mailboxesAnAccessPolicyRefusesAreCountedAsSkippedForThatReason() async throws {
        let registry = Self.registry
        let (tenant, restricted) = MailboxPolicyTests.tenantAndRestricted()
        let allowed = (0..<MailboxPolicyTests.users).filter { !restricted.contains($0) }
        let mailboxless = (0..<MailboxPolicyTests.users).filter { !tenant.hasMailbox(userAt: $0) }.count
        let name = "policy-metrics-\(UUID().uuidString.prefix(8).lowercased())"
        try await MailboxPolicyTests.run(allowed: allowed, name: name) { result, _, _ in
            let summary = try result.get()
            let text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
            for dataset in ["messages", "mailbox_settings"] {
                let result = try #require(summary.datasets.first { $0.dataset == dataset })
                #expect(result.accessDenied == restricted.count)
                #expect(Self.skipped(text, pipeline: name, dataset: dataset, reason: "access_denied") == Double(restricted.count), "\(dataset)")
                #expect(Self.skipped(text, pipeline: name, dataset: dataset, reason: "unavailable") == Double(mailboxless), "\(dataset)")
            }
            #expect(Self.skipped(text, pipeline: name, dataset: "users", reason: "access_denied") == 0)
        }
    }

    @Test func theListenerAnswersOnlyGETMetricsAndBoundsWhatItReads() async throws {
        let listener = try MetricsListener(address: ":0") { Array("ferry_test_total 1\n".utf8) }
        defer { listener.stop() }
        #expect(listener.address.hasPrefix("127.0.0.1:"))
        let script = """
            import socket, sys
            host, port = sys.argv[1].rsplit(":", 1)
            def ask(data):
                with socket.create_connection((host, int(port)), timeout=30) as s:
                    try:
                        s.sendall(data)
                        reply = b""
                        while True:
                            chunk = s.recv(65536)
                            if not chunk:
                                return reply.split(b"\\r\\n", 1)[0].decode() or "closed"
                            reply += chunk
                    except ConnectionResetError:
                        return "closed"
            print(ask(b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"))
            print(ask(b"GET /other HTTP/1.1\\r\\n\\r\\n"))
            print(ask(b"POST /metrics HTTP/1.1\\r\\n\\r\\n"))
            print(ask(b"GET /metrics HTTP/1.1\\r\\nX: " + b"a" * 20000 + b"\\r\\n\\r\\n"))
            print(ask(b"garbage\\r\\n\\r\\n"))
            """
        let result = try await Program.run("/usr/bin/env", ["python3", "-c", script, listener.address])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(Array(lines.prefix(3)) == ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 405 Method Not Allowed"])
        // A request past 8 KB is refused, or the connection closed before the client has finished sending it.
        #expect(["HTTP/1.1 431 Request Header Fields Too Large", "closed"].contains(lines.dropFirst(3).first ?? ""), "\(lines)")
        #expect(lines.last == "HTTP/1.1 400 Bad Request")
    }

    @Test func anAddressThatIsNotHostAndPortIsRefusedWithWhatToWrite() {
        #expect(throws: MetricsListenerError.self) { try MetricsListener(address: "9464") { [] } }
        let error = #expect(throws: MetricsListenerError.self) { try MetricsListener(address: "localhost:http") { [] } }
        #expect(error?.description.contains("HOST:PORT") == true)
    }
}
