import ArgumentParser
import FerryConfig
import FerryRuntime
import Foundation

/// `ferry plan FILE`: what a run would ask of Graph and how long Graph's limits let it take.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Estimate a pipeline's run: users in scope, requests and batches per dataset, Graph's limits, duration.",
        discussion: """
            Counts the users in scope with Graph's $count (ConsistencyLevel: eventual; a group scope lists its \
            members), samples how many pages each per-user collection takes on a few users, and estimates the \
            requests per dataset (a $batch item counts as one, as Graph counts it), the $batch requests that carry \
            first pages, the directory's resource units against its bucket for a tenant of this size, Outlook's \
            per-mailbox limits, and a duration from those limits and --request-ms per request at \
            throttle.max_concurrency in flight. With --users N it plans offline, touching no network (1 page per \
            unit assumed; --groups for per-group datasets). Reads only; writes nothing.
            """)

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "The schemas directory (default: the pipeline's `schemas:` key, or the nearest schemas/ above the file).")
    var schemas: String?

    @Option(help: "Plan offline for this many users in scope, without contacting Graph.")
    var users: Int?

    @Option(help: "Offline: this many groups for per-group datasets (default: 1 per 10 users).")
    var groups: Int?

    @Option(name: .customLong("request-ms"), help: "Milliseconds one Graph request is assumed to take.")
    var requestMilliseconds: Int = 250

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let users, users < 0 { throw ValidationError("--users must be 0 or more") }
        if let groups, groups < 0 { throw ValidationError("--groups must be 0 or more") }
        guard requestMilliseconds > 0 else { throw ValidationError("--request-ms must be positive") }
    }

    func run() async throws {
        let pipeline = try logging.loadPipeline(file, schemas: schemas)
        var planner = PipelinePlanner(pipeline: pipeline, logger: logging.makeLogger(label: "ferry.plan", secrets: pipeline.secrets))
        planner.requestSeconds = Double(requestMilliseconds) / 1000
        do {
            let plan = try await planner.plan(users: users, groups: groups)
            print(plan.lines.joined(separator: "\n"))
        } catch {
            logging.report("\(error)", secrets: pipeline.secrets)
            throw ExitCode(ExitStatus.of(error).rawValue)
        }
    }
}
