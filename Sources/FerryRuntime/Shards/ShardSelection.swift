/// Which shard this process is and which run it belongs to, from the command line and the environment,
/// so that a Kubernetes Indexed Job's pod template needs no shell: `--shards N` takes the shard number
/// from `JOB_COMPLETION_INDEX`, which Kubernetes sets in every pod of an Indexed Job.
public struct ShardSelection: Sendable, Equatable {
    /// The shard, nil for an unsharded run.
    public var shard: Shard?
    /// The run id shared by all shards (`--run-id`, else `FERRY_RUN_ID`); nil for a fresh one.
    public var runId: String?

    /// The environment variable that names the shard, `K/N`.
    public static let shardVariable = "FERRY_SHARD"
    /// The environment variable an Indexed Job sets to the pod's index.
    public static let completionIndexVariable = "JOB_COMPLETION_INDEX"
    /// The environment variable that gives the run id.
    public static let runIdVariable = "FERRY_RUN_ID"

    public init(shard: Shard?, runId: String?) {
        self.shard = shard
        self.runId = runId
    }

    /// Resolves `--shard K/N` (`shard`), `--shards N` (`shards`) and `--run-id` (`runId`) with the
    /// environment. The command line wins over `FERRY_SHARD` and `FERRY_RUN_ID`; `--shards` needs
    /// `JOB_COMPLETION_INDEX`. A sharded run needs a run id, or its shards could not be told to belong together.
    public static func resolve(
        shard: String?, shards: Int?, runId: String?, environment: [String: String]
    ) throws -> ShardSelection {
        if shard != nil && shards != nil {
            throw ShardError("give either --shard K/N or --shards N (with \(completionIndexVariable)), not both")
        }
        var resolved: Shard?
        if let shard {
            resolved = try Shard(parsing: shard)
        } else if let shards {
            guard let text = environment[completionIndexVariable], !text.isEmpty else {
                throw ShardError(
                    "--shards \(shards) takes the shard number from \(completionIndexVariable), which is not set; "
                        + "run it in a Kubernetes Indexed Job, or give --shard K/\(shards)")
            }
            guard let index = Int(text) else {
                throw ShardError("\(completionIndexVariable) is '\(text)', not a number; it must be the pod's completion index")
            }
            resolved = try Shard(index: index, count: shards)
        } else if let text = environment[shardVariable], !text.isEmpty {
            do {
                resolved = try Shard(parsing: text)
            } catch {
                throw ShardError("\(shardVariable): \(error)")
            }
        }
        var id = runId ?? environment[runIdVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let given = id {
            try checkRunId(given)
        } else if resolved != nil {
            throw ShardError(
                "a sharded run needs a run id shared by all its shards: give --run-id ID or set \(runIdVariable) "
                    + "(in Kubernetes, the Job's name)")
        }
        if id?.isEmpty == true { id = nil }
        return ShardSelection(shard: resolved, runId: id)
    }

    /// Run ids name files and directories: letters, digits, `-`, `_` and `.`, at most 128, not starting with `.`.
    static func checkRunId(_ id: String) throws {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        guard !id.isEmpty, id.utf8.count <= 128, allowed, !id.hasPrefix("."), !id.hasPrefix("_") else {
            throw ShardError(
                "run id '\(id.prefix(140))' cannot name files: use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.' or '_'")
        }
    }
}
