import FerryRuntime
import FerryTestSupport
import Foundation
import Testing

/// The shard function: disjoint, complete, stable across processes and machines, balanced.
@Suite struct ShardTests {
    /// 100,000 ids shaped like Graph's user ids (GUIDs), from a fixed seed.
    static let ids: [String] = {
        var generator = SeededGenerator(seed: 16)
        return (0..<100_000).map { _ in
            let a = generator.next(), b = generator.next()
            let hex = String(format: "%016llx%016llx", a, b)
            let c = Array(hex)
            return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-8\(String(c[17..<20]))-\(String(c[20..<32]))"
        }
    }()

    @Test("every id is in exactly one shard, for N = 1 to 16")
    func disjointAndComplete() throws {
        for count in 1...16 {
            let shards = try (0..<count).map { try Shard(index: $0, count: count) }
            for id in Self.ids.prefix(20_000) {
                #expect(shards.filter { $0.contains(id) }.count == 1, "id \(id) among \(count) shards")
            }
        }
    }

    @Test("shards are balanced within 10% by users for N = 2 to 16 on 100,000 ids")
    func balanced() {
        for count in 2...16 {
            var sizes = [Int](repeating: 0, count: count)
            for id in Self.ids { sizes[Shard.index(of: id, among: count)] += 1 }
            let mean = Double(Self.ids.count) / Double(count)
            for (index, size) in sizes.enumerated() {
                #expect(abs(Double(size) - mean) <= 0.1 * mean, "shard \(index) of \(count) holds \(size) users, mean \(mean)")
            }
        }
    }

    /// Python's hashlib in another process computes the same split: the function depends on nothing
    /// of this process (Swift's `Hasher` is seeded per process and would differ) or this implementation.
    @Test("another process with another SHA-256 implementation computes the same shards")
    func stableAcrossProcesses() async throws {
        let sample = Array(Self.ids.prefix(2_000)) + ["ABCDEF00-0000-4000-8000-000000000001", "abcdef00-0000-4000-8000-000000000001"]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.url.appendingPathComponent("ids.txt")
        try sample.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let script = """
            import hashlib, sys
            for line in open(sys.argv[1]).read().split("\\n"):
                value = int.from_bytes(hashlib.sha256(line.lower().encode()).digest()[:8], "big")
                print(" ".join(str(value % n) for n in range(1, 17)))
            """
        let result = try await Program.run("/usr/bin/env", ["python3", "-c", script, input.path])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == sample.count)
        for (id, line) in zip(sample, lines) {
            let expected = (1...16).map { String(Shard.index(of: id, among: $0)) }.joined(separator: " ")
            #expect(String(line) == expected, "id \(id)")
        }
        // Case does not matter: Graph ids are GUIDs, which compare case-insensitively.
        #expect(Shard.index(of: sample[sample.count - 2], among: 7) == Shard.index(of: sample[sample.count - 1], among: 7))
    }

    @Test func parsesAndRefusesShards() throws {
        #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: ShardError.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    @Test("--shard, FERRY_SHARD and JOB_COMPLETION_INDEX with --shards N, and the run id they need")
    func resolvesTheShardFromTheCommandLineAndTheEnvironment() throws {
        let job = ["JOB_COMPLETION_INDEX": "2", "FERRY_RUN_ID": "export-28912345"]
        #expect(
            try ShardSelection.resolve(shard: nil, shards: 3, runId: nil, environment: job)
                == ShardSelection(shard: try Shard(index: 2, count: 3), runId: "export-28912345"))
        #expect(
            try ShardSelection.resolve(shard: nil, shards: nil, runId: "r1", environment: ["FERRY_SHARD": "1/5"])
                == ShardSelection(shard: try Shard(index: 1, count: 5), runId: "r1"))
        #expect(
            try ShardSelection.resolve(shard: "0/2", shards: nil, runId: "cli", environment: ["FERRY_SHARD": "1/5", "FERRY_RUN_ID": "env"])
                == ShardSelection(shard: try Shard(index: 0, count: 2), runId: "cli"))
        #expect(try ShardSelection.resolve(shard: nil, shards: nil, runId: nil, environment: [:]) == ShardSelection(shard: nil, runId: nil))
        // --shards without the Job's index, both forms at once, no run id, an index beyond N, a run id that cannot name files.
        for (shard, shards, runId, environment) in [
            (nil, 3, "r", [String: String]()), ("0/3", 3, "r", job), ("0/3", nil, nil, [:]),
            (nil, 2, "r", ["JOB_COMPLETION_INDEX": "2"]), ("0/3", nil, "../etc", [:]), ("0/3", nil, ".hidden", [:]),
        ] as [(String?, Int?, String?, [String: String])] {
            #expect(throws: ShardError.self) {
                try ShardSelection.resolve(shard: shard, shards: shards, runId: runId, environment: environment)
            }
        }
    }
}
