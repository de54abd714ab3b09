import FerryTestSupport
import Foundation
import Testing

/// `deploy/kubernetes/`: valid against Kubernetes' own OpenAPI schemas for the oldest and newest
/// versions Ferry supports, lint-clean for what the schemas miss, broken fixtures refused, and the Job's
/// container command run the way the Indexed Job runs it.
@Suite(.serialized) struct KubernetesManifestTests {
    /// The oldest version with `backoffLimitPerIndex` on by default (beta in 1.29), and the newest the
    /// validator knows.
    static let versions = ["1.29.0", "1.37.0"]
    static let deploy = repositoryRoot.appendingPathComponent("deploy/kubernetes")
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/FerryRuntimeTests/Kubernetes")

    static func manifests(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    static func validate(_ files: [String], version: String) async throws -> ProgramResult {
        let result = try await Program.run(
            "/usr/bin/env", ["python3", "-m", "kubernetes_validate", "--strict", "--quiet", "-k", version] + files)
        if result.error.contains("No module named") {
            Issue.record("kubernetes-validate is missing: make test installs it (pip install kubernetes-validate)")
        }
        return result
    }

    static func lint(_ files: [String]) async throws -> ProgramResult {
        try await Program.run("/usr/bin/env", ["python3", deploy.appendingPathComponent("lint.py").path] + files)
    }

    @Test("the manifests are valid for Kubernetes 1.29 and 1.37 (strict) and pass the lint")
    func manifestsAreValid() async throws {
        let files = try Self.manifests(in: Self.deploy)
        #expect(files.count == 6)
        for version in Self.versions {
            let result = try await Self.validate(files, version: version)
            #expect(result.status == 0, "Kubernetes \(version): \(result.output)\(result.error)")
        }
        let lint = try await Self.lint(files)
        #expect(lint.status == 0, "\(lint.output)\(lint.error)")
    }

    @Test("every broken fixture is refused, by the schema or by the lint, with its reason")
    func brokenManifestsFail() async throws {
        let files = try Self.manifests(in: Self.fixtures)
        #expect(files.count >= 10)
        for file in files {
            let header = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").prefix(2)
            let check = try #require(header.first?.split(separator: " ").last.map(String.init), "\(file)")
            let expected = try #require(header.last.map { String($0.dropFirst("# expect: ".count)) }, "\(file)")
            let result = check == "schema"
                ? try await Self.validate([file], version: Self.versions[1])
                : try await Self.lint([file])
            #expect(result.status != 0, "\(file) was accepted")
            let said = result.output + result.error
            #expect(said.contains(expected), "\(file): \(said)")
        }
    }

    /// The export Job's container, its args with `$(VAR)` expanded as kubelet does, run N times with
    /// `JOB_COMPLETION_INDEX` = 0..N-1 and the run id from the Job's name; then the verify Job's command.
    @Test("the Indexed Job's container command, run as Kubernetes runs it, exports every shard and verify passes")
    func theJobsCommandRunsAsTheIndexedJobWould() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.url.appendingPathComponent("data")
        try await SimulatedEnvironment.with(users: 24, seed: 1619, output: data.appendingPathComponent("out")) { simulated in
            let extract = """
                import json, sys, yaml
                docs = {d["kind"]: d for path in sys.argv[1:] for d in yaml.safe_load_all(open(path)) if d}
                job = [d for path in sys.argv[1:2] for d in yaml.safe_load_all(open(path))][0]
                verify = [d for path in sys.argv[2:3] for d in yaml.safe_load_all(open(path))][0]
                pipeline = yaml.safe_load(open(sys.argv[3]))["data"]["pipeline.yaml"]
                container = job["spec"]["template"]["spec"]["containers"][0]
                print(json.dumps({
                    "name": job["metadata"]["name"], "completions": job["spec"]["completions"],
                    "args": container["args"], "env": container.get("env", []),
                    "verify": verify["spec"]["template"]["spec"]["containers"][0]["args"], "pipeline": pipeline}))
                """
            let parsed = try await Program.run(
                "/usr/bin/env",
                ["python3", "-c", extract] + ["job.yaml", "verify-job.yaml", "configmap.yaml"].map { Self.deploy.appendingPathComponent($0).path })
            try #require(parsed.status == 0, "\(parsed.error)")
            struct Spec: Decodable {
                struct Variable: Decodable { var name: String; var value: String? }
                var name: String
                var completions: Int
                var args: [String]
                var env: [Variable]
                var verify: [String]
                var pipeline: String
            }
            let spec = try JSONDecoder().decode(Spec.self, from: Data(parsed.output.utf8))
            // The ConfigMap's pipeline, pointed at the simulator instead of global Graph.
            let pipeline = directory.url.appendingPathComponent("pipeline.yaml")
            try spec.pipeline.replacingOccurrences(
                of: "  cloud: global", with: "  cloud: custom\n  graph_url: ${FERRY_GRAPH_URL}\n  login_url: ${FERRY_GRAPH_URL}"
            ).write(to: pipeline, atomically: true, encoding: .utf8)
            /// The pod's file system: the volume, the ConfigMap and the image's schemas.
            func mapped(_ argument: String) -> String {
                argument.replacingOccurrences(of: "/etc/ferry/pipeline.yaml", with: pipeline.path)
                    .replacingOccurrences(of: "/opt/ferry/schemas", with: repositoryRoot.appendingPathComponent("schemas").path)
                    .replacingOccurrences(of: "/data", with: data.path)
            }
            var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FERRY_") && $0.key != "JOB_COMPLETION_INDEX" }
            base.merge(simulated.environment.filter { $0.key != "FERRY_OUT" }) { $1 }
            for variable in spec.env { if let value = variable.value { base[variable.name] = mapped(value) } }
            #expect(spec.env.contains { $0.name == "FERRY_RUN_ID" })
            base["FERRY_RUN_ID"] = spec.name  // the Job's name, through the batch.kubernetes.io/job-name label

            let children = try (0..<spec.completions).map { index in
                var environment = base
                environment["JOB_COMPLETION_INDEX"] = "\(index)"
                let arguments = spec.args.map { mapped($0.replacingOccurrences(of: "$(JOB_COMPLETION_INDEX)", with: "\(index)")) }
                return try Program.Child(CommandLineTests.ferry, arguments, environment: environment)
            }
            for (index, child) in children.enumerated() {
                let result = try await child.result()
                #expect(result.status == 0, "pod \(index): \(result.error)")
            }
            let states = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("state").path)
            #expect(Set(states) == Set((0..<spec.completions).map { "shard-\($0)" }), "one state directory per shard")
            let verify = try await Program.run(CommandLineTests.ferry, spec.verify.map(mapped), environment: base)
            #expect(verify.status == 0, "\(verify.output)\(verify.error)")
            #expect(verify.output.contains("run \(spec.name) is complete"), "\(verify.output)")
            #expect(verify.output.contains("messages: shards 0,1,2,3 of 4"), "\(verify.output)")
        }
    }
}
