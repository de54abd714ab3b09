import FerryConfig
import FerryRuntime
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The repository's root, found from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A simulator on 127.0.0.1 with credentials, and the environment a pipeline needs to reach it.
struct SimulatedEnvironment {
    static let secret = "s3cret-\(UUID().uuidString)"
    static let key = "pseudonym-key-\(UUID().uuidString)"

    let server: GraphSimulatorServer
    let output: URL

    static func configuration(users: Int, seed: UInt64) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.users = users
        configuration.seed = seed
        configuration.messagesPerUser = 12
        configuration.clientId = "ferry-test"
        configuration.clientSecret = secret
        return configuration
    }

    /// Runs `body` against a fresh simulator of `users` writing to `output`, and always stops the simulator.
    static func with<T>(
        users: Int, seed: UInt64, output: URL, _ body: (SimulatedEnvironment) async throws -> T
    ) async throws -> T {
        try await with(configuration(users: users, seed: seed), output: output, body)
    }

    /// Runs `body` against a fresh simulator of `configuration`, and always stops the simulator.
    static func with<T>(
        _ configuration: SimulatorConfiguration, output: URL, _ body: (SimulatedEnvironment) async throws -> T
    ) async throws -> T {
        try await withSimulator(configuration) { server in
            try await body(SimulatedEnvironment(server: server, output: output))
        }
    }

    /// The `source:` block of a test pipeline up to its credential: the simulator's URLs, tenant and client.
    static let sourceEndpointsYAML = """
        source:
          cloud: custom
          graph_url: ${FERRY_GRAPH_URL}
          login_url: ${FERRY_GRAPH_URL}
          tenant: ${FERRY_TENANT_ID}
          client_id: ${FERRY_CLIENT_ID}
        """

    /// The `source:` block of a test pipeline: the simulator and a client secret, from `environment`.
    static let sourceYAML = sourceEndpointsYAML + "\n  client_secret: ${FERRY_CLIENT_SECRET}"

    var environment: [String: String] {
        [
            "FERRY_GRAPH_URL": server.baseURL, "FERRY_TENANT_ID": server.tenant.tenantId, "FERRY_CLIENT_ID": "ferry-test",
            "FERRY_CLIENT_SECRET": Self.secret, "FERRY_PSEUDONYM_KEY": Self.key, "FERRY_OUT": output.path,
        ]
    }

    /// Loads a pipeline file from `pipelines/` with this environment.
    func loadPipeline(_ name: String, overriding: [String: String] = [:]) throws -> Pipeline {
        try PipelineLoader(
            environment: environment.merging(overriding) { $1 },
            schemaDirectory: repositoryRoot.appendingPathComponent("schemas")
        ).load(repositoryRoot.appendingPathComponent("pipelines/\(name)"))
    }

    /// Writes `yaml` to `file` and loads it with this environment and the repository's schemas.
    func loadPipeline(yaml: String, writingTo file: URL) throws -> Pipeline {
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try PipelineLoader(environment: environment, schemaDirectory: repositoryRoot.appendingPathComponent("schemas"))
            .load(file)
    }
}

/// How a run of `pipeline` ended: its summary, or the error it failed with.
func outcome(of pipeline: Pipeline, options: RunOptions = RunOptions()) async -> Result<RunSummary, any Error> {
    do {
        return .success(try await PipelineRunner(pipeline: pipeline, options: options).run())
    } catch {
        return .failure(error)
    }
}

/// Every visible file below `root`, skipping dot-prefixed staging entries as warehouse readers do.
func visibleFiles(under root: URL) -> [URL] {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
    else { return [] }
    var files: [URL] = []
    for case let url as URL in enumerator {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(url)
        }
    }
    return files.sorted { $0.path < $1.path }
}

/// The decompressed text of a gzip file, read back by the system's gzip.
func gunzip(_ file: URL) throws -> String {
    String(decoding: try ExternalTool.gunzip(file), as: UTF8.self)
}

/// The lines of a JSONL text, each parsed.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

/// Whether `needle` occurs in `haystack`: a leak scan checks hundreds of names against megabytes, so it
/// jumps between candidate first bytes with `memchr` instead of comparing at every offset.
func occurs(_ needle: String, in haystack: [UInt8]) -> Bool {
    let bytes = Array(needle.utf8)
    guard let first = bytes.first else { return true }
    return haystack.withUnsafeBytes { h in
        bytes.withUnsafeBytes { n in
            guard let base = h.baseAddress, let pattern = n.baseAddress else { return false }
            var offset = 0
            while offset + n.count <= h.count {
                guard let hit = memchr(base + offset, Int32(first), h.count - offset - n.count + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, pattern, n.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }
}
