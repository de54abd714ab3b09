import FerryConfig
import FerryCore
import FerryGraph
import FerryTransform
import Logging

/// The fetching half of a run: the user and group listings, then every per-user and per-group
/// collection, many owners at once.
struct Extraction: Sendable {
    let pipeline: Pipeline
    let plans: [DatasetPlan]
    let sinks: [DatasetSink]
    let reader: CollectionReader
    let progress: RunProgress
    let logger: Logger
    /// What an earlier process of this run already wrote; `.fresh` for a new run.
    var resume = ResumePoint.fresh
    /// The delta links saved by the last successful run, by dataset and unit.
    var deltaLinks: [String: [String: String]] = [:]

    /// The users dataset's plan doubles as the user listing; without it, or when it is read as a
    /// delta (changes only, not every user), users are listed by id alone.
    private var usersPlanIndex: Int? { plans.firstIndex { $0.schema.isUserDirectory && !$0.isDelta } }
    private func indices(_ fanout: GraphCollection.Fanout) -> [Int] {
        plans.indices.filter { plans[$0].schema.collection.fanout == fanout }
    }

    func run() async throws {
        let users = FanoutQueue()
        let groups = FanoutQueue()
        let perUser = indices(.perUser)
        let perGroup = indices(.perGroup)
        let workers = pipeline.throttle.maxConcurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listUsers(into: users, fanOut: !perUser.isEmpty)
                await users.finish()
                progress.update { $0.usersListingDone = true }
            }
            if !perGroup.isEmpty {
                group.addTask {
                    try await listGroups(into: groups)
                    await groups.finish()
                }
                for _ in 0..<max(1, workers / 4) {
                    group.addTask { try await fanOut(from: groups, to: perGroup, countsUsers: false) }
                }
            }
            for index in indices(.tenant) where index != usersPlanIndex {
                group.addTask { try await readTenantCollection(index) }
            }
            for _ in 0..<(perUser.isEmpty ? 0 : workers) {
                group.addTask { try await fanOut(from: users, to: perUser, countsUsers: true) }
            }
            do {
                // Not `waitForAll()`: it waits for every task before rethrowing, and workers waiting
                // for ids would wait forever once a listing failed.
                while try await group.next() != nil {}
            } catch {
                await users.finish()
                await groups.finish()
                group.cancelAll()
                throw error
            }
        }
    }

    private func listUsers(into queue: FanoutQueue, fanOut: Bool) async throws {
        let listedPlan = usersPlanIndex.map { plans[$0] }
        // The listing feeds the fan-out even when a resumed run already wrote its records.
        let written = listedPlan.map { resume.isComplete(dataset: $0.schema.name, unit: ResumePoint.tenantUnit) } ?? false
        let usersPlan = written ? nil : listedPlan
        guard usersPlan != nil || fanOut else { return }
        let listing = UserListing(pipeline: pipeline, usersPlan: listedPlan)
        let transformer = usersPlan.map { RecordTransformer(plan: $0.projection, tenant: pipeline.source.tenant) }
        let excludeGuests = pipeline.scope.excludeGuests
        var members: Set<String>?
        if case .groups(let groupIds) = pipeline.scope.users {
            members = try await GroupScope(pipeline: pipeline.name, groupIds: groupIds, graphURL: pipeline.source.graphURL)
                .memberIds(reader: reader)
            logger.info("users in scope through groups", metadata: ["groups": "\(groupIds.count)", "users": "\(members?.count ?? 0)"])
        }
        let inGroups = members
        var identities = RecordIdentities()
        _ = try await reader.read(listing.url, headers: listing.headers) { page in
            var ids: [String] = []
            ids.reserveCapacity(page.items.count)
            var inScope: [JSONValue] = []
            var rejected: [QuarantineEntry] = []
            let duplicatesBefore = identities.duplicates
            for item in page.items {
                // Not a user Ferry can fan out to or write: quarantined (or, without the users dataset, counted).
                guard case .object = item, let id = item["id"]?.stringValue else {
                    rejected.append(QuarantineEntry(
                        recordId: nil, reason: "a user listing item that is not an object with a string id (\(item.kindName))"))
                    continue
                }
                if excludeGuests, item["userType"]?.stringValue == "Guest" { continue }
                if let inGroups, !inGroups.contains(id) { continue }
                guard identities.isNew(id) else { continue }
                ids.append(id)
                inScope.append(item)
            }
            let duplicates = identities.duplicates - duplicatesBefore
            if let usersPlan, let transformer, let index = usersPlanIndex {
                var batch = EncodedBatch()
                encode(inScope, with: transformer, plan: usersPlan, owner: nil, into: &batch)
                batch.quarantined += rejected
                batch.duplicates = duplicates
                try sinks[index].append(batch, unit: ResumePoint.tenantUnit, next: page.nextURL)
            } else if !rejected.isEmpty || duplicates > 0 {
                logger.warning(
                    "user listing items left out of the fan-out",
                    metadata: ["not a user object": "\(rejected.count)", "duplicates": "\(duplicates)"])
            }
            if fanOut { await queue.push(ids) }
            let recordsWritten = usersPlan == nil ? 0 : inScope.count
            progress.update {
                $0.usersListed += ids.count
                $0.pages += 1
                $0.bytesFetched += page.bytes
                $0.records += recordsWritten
            }
        }
    }

    private func listGroups(into queue: FanoutQueue) async throws {
        let url = GraphQuery(path: "/groups", select: ["id"], top: 999).url(base: pipeline.source.graphURL)
        var identities = RecordIdentities()
        _ = try await reader.read(url) { page in
            let ids = page.items.compactMap { $0["id"]?.stringValue }
            if ids.count < page.items.count {
                logger.warning(
                    "group listing items without a string id left out of the fan-out",
                    metadata: ["items": "\(page.items.count - ids.count)"])
            }
            await queue.push(ids.filter { identities.isNew($0) })
            progress.update {
                $0.pages += 1
                $0.bytesFetched += page.bytes
            }
        }
    }

    private func readTenantCollection(_ index: Int) async throws {
        let plan = plans[index]
        if resume.isComplete(dataset: plan.schema.name, unit: ResumePoint.tenantUnit) { return }
        _ = try await readCollection(
            index, owner: nil, transformer: RecordTransformer(plan: plan.projection, tenant: pipeline.source.tenant),
            projector: plan.projectsFromBytes ? JSONLineProjector(plan: plan.projection, tenant: pipeline.source.tenant) : nil)
    }

    /// Reads one unit of a collection: as a delta query, or page by page from where this run stopped,
    /// projected straight from the bytes when there is a projector, else parsed.
    private func readCollection(
        _ index: Int, owner: String?, transformer: RecordTransformer, projector: JSONLineProjector?
    ) async throws -> CollectionOutcome {
        let plan = plans[index]
        let outcome: CollectionOutcome
        if plan.isDelta {
            outcome = try await readDelta(index, owner: owner, transformer: transformer)
        } else if let projector {
            var identities = RecordIdentities()
            outcome = try await reader.readRaw(startURL(plan, owner: owner), headers: plan.headers) { page in
                try await write(page, plan: plan, sink: sinks[index], projector: projector, owner: owner, identities: &identities)
            }
        } else {
            var identities: RecordIdentities? = RecordIdentities()
            outcome = try await reader.read(startURL(plan, owner: owner), headers: plan.headers) { page in
                try await write(page, plan: plan, sink: sinks[index], transformer: transformer, owner: owner, identities: &identities)
            }
        }
        if case .complete(let pages, let items) = outcome {
            // Pages per unit are bounded (throttle.max_pages_per_unit); the count shows how close a unit came.
            logger.debug(
                "unit read", metadata: ["dataset": "\(plan.schema.name)", "pages": "\(pages)", "items": "\(items)"])
        }
        return outcome
    }

    /// Where a unit's reading starts: the page this run stopped at, else the first page.
    private func startURL(_ plan: DatasetPlan, owner: String?) -> String {
        resume.continuation(dataset: plan.schema.name, unit: owner ?? ResumePoint.tenantUnit)
            ?? plan.firstPageURL(graphURL: pipeline.source.graphURL, user: owner, userFilter: nil)
    }

    /// Reads one unit of a delta dataset: from where this run stopped, else from the last run's delta
    /// link, else a whole first round. A link Graph no longer knows (410) means reading it whole again.
    private func readDelta(_ index: Int, owner: String?, transformer: RecordTransformer) async throws -> CollectionOutcome {
        let plan = plans[index]
        let dataset = plan.schema.name
        let unit = owner ?? ResumePoint.tenantUnit
        guard let start = plan.deltaStartURL(graphURL: pipeline.source.graphURL, owner: owner) else {
            throw RunError(pipeline: pipeline.name, reason: "dataset '\(dataset)' has no delta query")
        }
        var url = resume.continuation(dataset: dataset, unit: unit) ?? deltaLinks[dataset]?[unit] ?? start
        var change = "upsert"
        var identities: RecordIdentities?  // a change feed may rightly carry an item twice
        while true {
            do {
                return try await reader.read(url, headers: plan.headers) { page in
                    try await write(
                        page, plan: plan, sink: sinks[index], transformer: transformer, owner: owner, change: change,
                        identities: &identities)
                }
            } catch let error as GraphResponseError where error.status == 410 && url != start {
                logger.warning(
                    "Graph no longer knows the delta link (410); reading the collection whole again",
                    metadata: ["dataset": "\(dataset)", "code": "\(error.body?.code ?? "")"])
                sinks[index].resync(unit)
                url = start
                change = "resync"
            }
        }
    }

    /// Reads every listed dataset for each id the queue hands out: a user's mailbox, a group's members.
    private func fanOut(from queue: FanoutQueue, to indices: [Int], countsUsers: Bool) async throws {
        let transformers = indices.map { RecordTransformer(plan: plans[$0].projection, tenant: pipeline.source.tenant) }
        let projectors = indices.map {
            plans[$0].projectsFromBytes ? JSONLineProjector(plan: plans[$0].projection, tenant: pipeline.source.tenant) : nil
        }
        while let owner = await queue.next() {
            try Task.checkCancellation()
            var unavailable = false
            for (position, index) in indices.enumerated() {
                let plan = plans[index]
                let dataset = plan.schema.name
                if resume.isComplete(dataset: dataset, unit: owner) { continue }
                let outcome: CollectionOutcome
                if plan.schema.collection.shape == .object && !plan.isDelta {
                    switch try await reader.readObject(startURL(plan, owner: owner), headers: plan.headers) {
                    case .found(let record, let bytes):
                        let page = CollectionPage(items: [record], bytes: bytes, nextURL: nil)
                        var identities: RecordIdentities?
                        try await write(
                            page, plan: plan, sink: sinks[index], transformer: transformers[position], owner: owner,
                            identities: &identities)
                        outcome = .complete(pages: 1, items: 1)
                    case .unavailable(let code):
                        outcome = .unavailable(code: code)
                    }
                } else {
                    outcome = try await readCollection(
                        index, owner: owner, transformer: transformers[position], projector: projectors[position])
                }
                if case .unavailable(let code) = outcome {
                    sinks[index].skipUnit(owner)
                    unavailable = unavailable || code == "MailboxNotEnabledForRESTAPI"
                    logger.debug("collection unavailable, skipped", metadata: ["dataset": "\(plan.schema.name)", "code": "\(code)"])
                }
            }
            guard countsUsers else { continue }
            let withoutMailbox = unavailable
            progress.update {
                $0.usersDone += 1
                if withoutMailbox { $0.usersWithoutMailbox += 1 }
            }
        }
    }
}

extension JSONValue {
    /// The JSON kind of the value, for a quarantine reason that shows no personal data.
    fileprivate var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object without a string id"
        }
    }
}
