import FerryConfig
import FerryCore
import FerryGraph
import FerryTransform
import Logging

/// The fetching half of a run: the user and group listings, then every per-user and per-group
/// collection, many owners at once, each dataset's pages written through its lane.
struct Extraction: Sendable {
    let pipeline: Pipeline
    let lanes: [DatasetLane]
    let reader: CollectionReader
    let progress: RunProgress
    let logger: Logger
    /// The part of the users this process fans out to; nil for all of them.
    var shard: Shard?
    /// Turns each fetched page into lines in its lane's sink.
    var writer: PageWriter { PageWriter(excludeGuests: pipeline.scope.excludeGuests, progress: progress) }

    /// The users dataset doubles as the user listing; without it, or when it is read as a delta
    /// (changes only, not every user), users are listed by id alone.
    private var usersLane: DatasetLane? { lanes.first(where: \.listsUsers) }
    private func lanes(_ fanout: GraphCollection.Fanout) -> [DatasetLane] {
        lanes.filter { $0.plan.schema.collection.fanout == fanout }
    }
    private var tenant: String { pipeline.source.tenant }
    private var graphURL: String { pipeline.source.graphURL }

    func run() async throws {
        let users = FanoutQueue()
        let groups = FanoutQueue()
        let perUser = lanes(.perUser)
        let perGroup = lanes(.perGroup)
        let workers = pipeline.throttle.maxConcurrency
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let listing = UserListing(pipeline: pipeline, usersPlan: usersLane?.plan)
                try await naming(dataset: listing.dataset, permissions: listing.permissions) {
                    try await listUsers(listing, into: users, fanOut: !perUser.isEmpty)
                }
                await users.finish()
                progress.update { $0.usersListingDone = true }
            }
            if !perGroup.isEmpty {
                group.addTask {
                    try await naming(dataset: "groups", permissions: DirectoryRequests.groupListingPermissions) { try await listGroups(into: groups) }
                    await groups.finish()
                }
                for _ in 0..<max(1, workers / 4) {
                    group.addTask { try await fanOut(from: groups, to: perGroup, countsUsers: false) }
                }
            }
            for lane in lanes(.tenant) where !lane.listsUsers {
                group.addTask { try await naming(lane) { try await readTenantCollection(lane) } }
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
        try checkSomeMailboxInReach(perUser)
    }

    /// A dataset whose every mailbox was refused as outside the access policy did not run: a policy that
    /// leaves nothing in reach is a configuration to fix, not a run with everything skipped.
    private func checkSomeMailboxInReach(_ lanes: [DatasetLane]) throws {
        let usersDone = progress.snapshot.usersDone
        for lane in lanes {
            // This process's refusals against this process's users: a resumed run counts both from its start.
            let denied = lane.sink.accessDeniedHere
            guard denied > 0, denied >= usersDone, let refusal = lane.sink.firstAccessDenied else { continue }
            var error = refusal
            error.cause = .everyMailbox(count: denied)
            throw error
        }
    }

    /// Lists the users in scope into the fan-out queue, writing the users dataset from the same pages
    /// unless a resumed run already wrote it.
    private func listUsers(_ listing: UserListing, into queue: FanoutQueue, fanOut: Bool) async throws {
        let written = usersLane.map { $0.resume.isComplete(ResumePoint.tenantUnit) } ?? false
        let writing = written ? nil : usersLane
        guard writing != nil || fanOut else { return }
        let projector = writing?.plan.makeProjector(tenant: tenant)
        let excludeGuests = pipeline.scope.excludeGuests
        var members: Set<String>?
        if case .groups(let groupIds) = pipeline.scope.users {
            members = try await GroupScope(pipeline: pipeline.name, groupIds: groupIds, graphURL: graphURL)
                .memberIds(reader: reader)
            logger.info("users in scope through groups", metadata: ["groups": "\(groupIds.count)", "users": "\(members?.count ?? 0)"])
        }
        let inGroups = members
        let shard = self.shard
        var identities = RecordIdentities()
        _ = try await reader.readRaw(listing.url, headers: listing.headers) { page in
            let count = page.scan.items?.count ?? 0
            var ids: [String] = []
            ids.reserveCapacity(count)
            var inScope: [Int] = []
            var rejected: [QuarantineEntry] = []
            let duplicatesBefore = identities.duplicates
            for index in 0..<count {
                // Not a user Ferry can fan out to or write: quarantined (or, without the users dataset, counted).
                guard let id = page.scan.string("id", ofItem: index, in: page.body) else {
                    rejected.append(QuarantineEntry(
                        recordId: nil,
                        reason: "a user listing item that is not an object with a string id (\(page.kindName(ofItem: index)))"))
                    continue
                }
                if excludeGuests, page.scan.string("userType", ofItem: index, in: page.body) == "Guest" { continue }
                if let inGroups, !inGroups.contains(id) { continue }
                guard identities.isNew(id) else { continue }
                // The users dataset (shard 0's) holds every user in scope; the fan-out only the shard's.
                if shard?.contains(id) != false { ids.append(id) }
                inScope.append(index)
            }
            let duplicates = identities.duplicates - duplicatesBefore
            if let writing, let projector {
                var batch = EncodedBatch()
                batch.bytes.reserveCapacity(page.body.count / 2)
                projector.holdingPseudonyms {
                    for index in inScope {
                        writer.project(item: index, of: page, lane: writing, projector: projector, owner: nil, into: &batch)
                    }
                }
                batch.quarantined += rejected
                batch.duplicates = duplicates
                try writing.sink.append(batch, unit: ResumePoint.tenantUnit, next: page.nextURL)
            } else if !rejected.isEmpty || duplicates > 0 {
                logger.warning(
                    "user listing items left out of the fan-out",
                    metadata: ["not a user object": "\(rejected.count)", "duplicates": "\(duplicates)"])
            }
            if fanOut { await queue.push(ids) }
            let recordsWritten = writing == nil ? 0 : inScope.count
            progress.update {
                $0.usersListed += ids.count
                $0.pages += 1
                $0.bytesFetched += page.body.count
                $0.records += recordsWritten
            }
        }
    }

    private func listGroups(into queue: FanoutQueue) async throws {
        let url = CollectionRequest.groupIds().url(base: graphURL)
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

    private func readTenantCollection(_ lane: DatasetLane) async throws {
        if lane.resume.isComplete(ResumePoint.tenantUnit) { return }
        _ = try await readCollection(lane, owner: nil, projector: lane.plan.makeProjector(tenant: tenant))
    }

    /// Reads one unit of a collection: as a delta query, or page by page from where this run stopped.
    private func readCollection(_ lane: DatasetLane, owner: String?, projector: LineProjector) async throws -> CollectionOutcome {
        let outcome: CollectionOutcome
        if lane.plan.isDelta {
            outcome = try await readDelta(lane, owner: owner, projector: projector)
        } else {
            var identities = RecordIdentities()
            outcome = try await reader.readRaw(
                lane.startURL(graphURL: graphURL, owner: owner), continuing: lane.continues(owner: owner), headers: lane.plan.request.headers
            ) {
                page in
                try writer.write(page, lane: lane, projector: projector, owner: owner, identities: &identities)
            }
        }
        if case .complete(let pages, let items) = outcome {
            // Pages per unit are bounded (throttle.max_pages_per_unit); the count shows how close a unit came.
            logger.debug("unit read", metadata: ["dataset": "\(lane.name)", "pages": "\(pages)", "items": "\(items)"])
        }
        return outcome
    }

    /// Reads one unit of a delta dataset: from where this run stopped, else from the last run's delta
    /// link, else a whole first round. A link Graph no longer knows (410) means reading it whole again.
    private func readDelta(_ lane: DatasetLane, owner: String?, projector: LineProjector) async throws -> CollectionOutcome {
        let unit = owner ?? ResumePoint.tenantUnit
        guard let start = lane.plan.request.deltaStartURL(base: graphURL, owner: owner) else {
            throw RunError(pipeline: pipeline.name, reason: "dataset '\(lane.name)' has no delta query")
        }
        var url = lane.resume.continuation(unit) ?? lane.deltaLinks[unit] ?? start
        // A resync stopped mid-way by an earlier process of the run goes on as one.
        var change = lane.resume.continuesResync(unit) ? "resync" : "upsert"
        if lane.resyncsEveryUnit {
            // Links of an older query shape were dropped: this unit is read whole, and says so.
            if lane.resume.continuation(unit) == nil { lane.sink.resync(unit) }
            change = "resync"
        }
        while true {
            do {
                return try await reader.readRaw(url, headers: lane.plan.request.headers) { page in
                    try writer.writeChanges(page, lane: lane, projector: projector, owner: owner, change: change)
                }
            } catch let error as GraphResponseError where error.status == 410 && url != start {
                logger.warning(
                    "Graph no longer knows the delta link (410); reading the collection whole again",
                    metadata: ["dataset": "\(lane.name)", "code": "\(error.body?.code ?? "")"])
                lane.sink.resync(unit)
                url = start
                change = "resync"
            }
        }
    }

    /// Reads one owner's single object (a user's mailbox settings).
    private func readObject(_ lane: DatasetLane, owner: String, projector: LineProjector) async throws -> CollectionOutcome {
        let url = lane.startURL(graphURL: graphURL, owner: owner)
        switch try await reader.readObject(url, headers: lane.plan.request.headers) {
        case .found(let record, let bytes):
            var batch = EncodedBatch()
            do {
                let partition = try projector.appendLine(record: record, user: owner, to: &batch.bytes)
                batch.endRecord(partition: partition ?? lane.plan.snapshotPartition)
            } catch {
                batch.quarantined.append(QuarantineEntry(recordId: projector.quarantineId(record["id"]?.stringValue), reason: error.description))
            }
            try writer.deliver(batch, of: owner, pageBytes: bytes, next: nil, deltaLink: nil, to: lane.sink)
            return .complete(pages: 1, items: 1)
        case .unavailable(let code):
            return .unavailable(code: code)
        }
    }

    /// Reads every listed dataset for each id the queue hands out: a user's mailbox, a group's members.
    private func fanOut(from queue: FanoutQueue, to lanes: [DatasetLane], countsUsers: Bool) async throws {
        // A projector of this worker's own for each lane: it owns scratch space and caches.
        let writers = lanes.map { (lane: $0, projector: $0.plan.makeProjector(tenant: tenant)) }
        while let owner = await queue.next() {
            try Task.checkCancellation()
            var unavailable = false
            var denied = false
            for (lane, projector) in writers where !lane.resume.isComplete(owner) {
                let outcome: CollectionOutcome
                do {
                    outcome = try await naming(lane) {
                        if lane.plan.schema.collection.shape == .object && !lane.plan.isDelta {
                            try await readObject(lane, owner: owner, projector: projector)
                        } else {
                            try await readCollection(lane, owner: owner, projector: projector)
                        }
                    }
                } catch let error as AccessDeniedError where error.isMailboxPolicy && countsUsers {
                    // A mailbox an application access policy keeps out of reach: skipped and counted, unless the
                    // pipeline says to fail, or part of it was already written (the policy changed mid-read).
                    guard pipeline.scope.onAccessDenied == .skip else { throw error }
                    guard !lane.sink.isPartial(owner) else {
                        var midway = error
                        midway.cause = .mailboxPolicy(midway: true)
                        throw midway
                    }
                    lane.sink.skipUnit(owner, reason: .accessDenied)
                    lane.sink.noteRefusal(error)
                    denied = true
                    logger.debug("mailbox outside the app's access policy, skipped", metadata: ["dataset": "\(lane.name)"])
                    continue
                }
                if case .unavailable(let code) = outcome {
                    lane.sink.skipUnit(owner)
                    unavailable = unavailable || code == "MailboxNotEnabledForRESTAPI"
                    logger.debug("collection unavailable, skipped", metadata: ["dataset": "\(lane.name)", "code": "\(code)"])
                }
            }
            guard countsUsers else { continue }
            let withoutMailbox = unavailable
            let outOfReach = denied
            progress.update {
                $0.usersDone += 1
                if withoutMailbox { $0.usersWithoutMailbox += 1 }
                if outOfReach { $0.usersAccessDenied += 1 }
            }
        }
    }
}

extension RawCollectionPage {
    /// The JSON kind of item `index`, from its first byte: for a quarantine reason that shows no personal data.
    fileprivate func kindName(ofItem index: Int) -> String {
        guard let range = scan.items?[index], range.lowerBound < body.count else { return "nothing" }
        switch body[range.lowerBound] {
        case UInt8(ascii: "{"): return "an object without a string id"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        default: return "a number"
        }
    }
}
