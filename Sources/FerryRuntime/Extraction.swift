import FerryConfig
import FerryCore
import FerryGraph
import FerryTransform
import Logging

/// The fetching half of a run: the user listing, then every per-user collection, many users at once.
struct Extraction: Sendable {
    let pipeline: Pipeline
    let plans: [DatasetPlan]
    let sinks: [DatasetSink]
    let reader: CollectionReader
    let progress: RunProgress
    let logger: Logger

    /// The users dataset's plan doubles as the user listing; without it, users are listed by id alone.
    private var usersPlanIndex: Int? { plans.firstIndex { $0.schema.collection.path == "/users" } }
    private var perUserIndices: [Int] { plans.indices.filter { plans[$0].schema.collection.fanout == .perUser } }

    func run() async throws {
        let queue = UserQueue()
        let workers = perUserIndices.isEmpty ? 0 : pipeline.throttle.maxConcurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listUsers(into: queue)
                await queue.finish()
                progress.update { $0.usersListingDone = true }
            }
            for index in plans.indices where index != usersPlanIndex && plans[index].schema.collection.fanout == .tenant {
                group.addTask { try await readTenantCollection(index) }
            }
            for _ in 0..<workers {
                group.addTask { try await fanOut(from: queue) }
            }
            do {
                // Not `waitForAll()`: it waits for every task before rethrowing, and workers waiting
                // for users would wait forever once the listing failed.
                while try await group.next() != nil {}
            } catch {
                // Workers waiting for users must not wait forever once the run is failing.
                await queue.finish()
                group.cancelAll()
                throw error
            }
        }
    }

    private func listUsers(into queue: UserQueue) async throws {
        let usersPlan = usersPlanIndex.map { plans[$0] }
        guard usersPlan != nil || !perUserIndices.isEmpty else { return }
        var userFilter: String?
        var headers: [(name: String, value: String)] = []
        if case .filter(let filter) = pipeline.scope.users {
            userFilter = filter
            // Advanced directory queries need it, and it must be sent with every page.
            headers.append(("ConsistencyLevel", "eventual"))
        }
        let url =
            usersPlan?.firstPageURL(graphURL: pipeline.source.graphURL, user: nil, userFilter: userFilter)
            ?? GraphQuery(path: "/users", select: ["id", "userType"], top: 999, filter: userFilter).url(
                base: pipeline.source.graphURL)
        let transformer = usersPlan.map { RecordTransformer(plan: $0.projection, tenant: pipeline.source.tenant) }
        let excludeGuests = pipeline.scope.excludeGuests
        _ = try await reader.read(url, headers: headers) { page in
            var ids: [String] = []
            ids.reserveCapacity(page.items.count)
            var inScope: [JSONValue] = []
            for item in page.items {
                if excludeGuests, item["userType"]?.stringValue == "Guest" { continue }
                guard let id = item["id"]?.stringValue else { continue }
                ids.append(id)
                inScope.append(item)
            }
            if let usersPlan, let transformer, let index = usersPlanIndex {
                var batch = EncodedBatch()
                encode(inScope, with: transformer, plan: usersPlan, user: nil, into: &batch)
                try await sinks[index].append(batch)
            }
            if !perUserIndices.isEmpty { await queue.push(ids) }
            let recordsWritten = usersPlan == nil ? 0 : inScope.count
            progress.update {
                $0.usersListed += ids.count
                $0.pages += 1
                $0.bytesFetched += page.bytes
                $0.records += recordsWritten
            }
        }
    }

    private func readTenantCollection(_ index: Int) async throws {
        let plan = plans[index]
        let transformer = RecordTransformer(plan: plan.projection, tenant: pipeline.source.tenant)
        _ = try await reader.read(plan.firstPageURL(graphURL: pipeline.source.graphURL, user: nil, userFilter: nil)) { page in
            try await write(page, plan: plan, sink: sinks[index], transformer: transformer, user: nil)
        }
    }

    private func fanOut(from queue: UserQueue) async throws {
        let indices = perUserIndices
        let transformers = indices.map { RecordTransformer(plan: plans[$0].projection, tenant: pipeline.source.tenant) }
        while let user = await queue.next() {
            try Task.checkCancellation()
            for (position, index) in indices.enumerated() {
                let plan = plans[index]
                let url = plan.firstPageURL(graphURL: pipeline.source.graphURL, user: user, userFilter: nil)
                let outcome = try await reader.read(url) { page in
                    try await write(page, plan: plan, sink: sinks[index], transformer: transformers[position], user: user)
                }
                if case .unavailable(let code) = outcome {
                    await sinks[index].skipUser()
                    if position == 0 { progress.update { $0.usersWithoutMailbox += 1 } }
                    logger.debug("collection unavailable, skipped", metadata: ["dataset": "\(plan.schema.name)", "code": "\(code)"])
                }
            }
            progress.update { $0.usersDone += 1 }
        }
    }

    private func write(
        _ page: CollectionPage, plan: DatasetPlan, sink: DatasetSink, transformer: RecordTransformer, user: String?
    ) async throws {
        var batch = EncodedBatch()
        batch.bytes.reserveCapacity(page.bytes)
        encode(page.items, with: transformer, plan: plan, user: user, into: &batch)
        if !batch.isEmpty { try await sink.append(batch) }
        progress.update {
            $0.pages += 1
            $0.bytesFetched += page.bytes
            $0.records += batch.records.count
        }
    }

    private func encode(
        _ items: [JSONValue], with transformer: RecordTransformer, plan: DatasetPlan, user: String?,
        into batch: inout EncodedBatch
    ) {
        for item in items {
            do {
                let record = try transformer.project(item, user: user)
                plan.encoder.encode(record.values, into: &batch.bytes)
                batch.endRecord(partition: record.partitionDate ?? plan.snapshotPartition)
            } catch {
                batch.quarantined.append(QuarantineEntry(recordId: item["id"]?.stringValue, reason: error.description))
            }
        }
    }
}
