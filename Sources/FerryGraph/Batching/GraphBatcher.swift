import FerryCore
import Synchronization

/// Sends concurrent GETs to Graph as JSON batches: up to 20 requests in one `POST /v1.0/$batch`.
///
/// Calls that arrive together travel together: a batch leaves when `maxBatchSize` requests wait, or
/// `linger` after the first of them arrived; several batches may be in flight at once. The `$batch` POST
/// goes through `GraphHTTPClient` like any request (token, 401 refresh, retries of the whole batch,
/// adaptive concurrency). Each item is then a request of its own: it runs the client's retry loop, so a
/// 429 or 503 item holds its mailbox or the directory for its own `Retry-After` and goes again in a later
/// batch, a 5xx item backs off with jitter, a 401 item refreshes the token once, and all of it counts
/// against the same attempts per request and run budget. `BatchQueue` decides what goes into each batch.
public final class GraphBatcher: Sendable {
    private struct Item: Sendable {
        /// The absolute URL, for errors.
        let url: String
        /// The URL relative to the version, as the batch carries it.
        let relativeURL: String
        let headers: [(name: String, value: String)]
        /// Whether the caller wants its answer's body scanned as a page (`HTTPResponse.pageScan`).
        let scansPage: Bool
        let continuation: CheckedContinuation<GraphHTTPClient.Answer?, any Error>
    }

    private typealias Entry = BatchQueue<Item>.Entry

    private struct State {
        var queue: BatchQueue<Item>
        /// Items in a batch on its way, until their answer is handed over (or their caller gave up).
        var sending: [UInt64: Item] = [:]
        var lingering = false
        var nextID: UInt64 = 0
    }

    private let client: GraphHTTPClient
    /// `{graphURL}/v1.0/`: the URLs this batcher can batch start with it.
    private let versionPrefix: String
    private let batchURL: String
    private let linger: Duration
    private let state: Mutex<State>

    /// - Parameters:
    ///   - graphURL: Graph's base URL without the version (`https://graph.microsoft.com`).
    ///   - maxBatchSize: requests per batch, 1 to 20 (Graph's limit).
    ///   - linger: how long the first waiting request waits for others before its batch leaves anyway.
    public init(client: GraphHTTPClient, graphURL: String, maxBatchSize: Int = 20, linger: Duration = .milliseconds(2)) {
        var base = graphURL
        while base.hasSuffix("/") { base.removeLast() }
        self.client = client
        versionPrefix = base + "/v1.0/"
        batchURL = base + "/v1.0/$batch"
        self.linger = max(linger, .zero)
        state = Mutex(State(queue: BatchQueue(maxBatchSize: min(max(maxBatchSize, 1), 20))))
    }

    /// GETs `url` as one item of a `POST {graphURL}/v1.0/$batch`, gathered with other concurrent calls.
    ///
    /// Same contract as `GraphHTTPClient.get`: returns the final response (2xx, or a status retrying
    /// cannot change, e.g. 404 with its error body) or throws `GraphRequestError` / `CancellationError`.
    /// A URL outside `{graphURL}/v1.0/` is sent on its own through the client.
    ///
    /// With `scanningPage`, a body that is a collection page comes with its `JSONPageScan`
    /// (`HTTPResponse.pageScan`), made while the batch's answer was read: one pass over its bytes, not two.
    public func get(
        _ url: String, headers: [(name: String, value: String)] = [], scanningPage: Bool = false
    ) async throws -> HTTPResponse {
        guard url.hasPrefix(versionPrefix) else { return try await client.get(url, headers: headers) }
        let relativeURL = "/" + url.dropFirst(versionPrefix.count)
        let headers = Self.itemHeaders(headers)
        let scope = ThrottleScopes.scope(of: url)
        return try await client.retrying(method: "GET", url: url) {
            try await submit(url: url, relativeURL: relativeURL, headers: headers, scope: scope, scansPage: scanningPage)
        }.response
    }

    /// Queues one attempt of an item and waits for its answer; nil when its scope became held before its
    /// batch left.
    private func submit(
        url: String, relativeURL: String, headers: [(name: String, value: String)], scope: String, scansPage: Bool
    ) async throws -> GraphHTTPClient.Answer? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let queued = state.withLock { state in
                    // Checked under the lock: a cancellation that ran before the item was queued is seen here.
                    guard !Task.isCancelled else { return false }
                    let item = Item(
                        url: url, relativeURL: relativeURL, headers: headers, scansPage: scansPage, continuation: continuation)
                    state.queue.append(Entry(id: id, scope: scope, payload: item))
                    return true
                }
                guard queued else { return continuation.resume(throwing: CancellationError()) }
                dispatch(lingerOver: false)
            }
        } onCancel: {
            let item = state.withLock { state in
                state.queue.remove(id: id)?.payload ?? state.sending.removeValue(forKey: id)
            }
            item?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Sends every batch the queue can make now (only full ones while the linger runs), hands back the
    /// items whose scope is held, and starts the linger when items are left waiting.
    private func dispatch(lingerOver: Bool) {
        let (batches, held, startLinger) = state.withLock { state in
            if lingerOver { state.lingering = false }
            var batches: [[Entry]] = []
            var held: [Entry] = []
            while true {
                let next = state.queue.next(onlyIfFull: !lingerOver, isHeld: client.scopes.isHeld)
                held += next.held
                guard !next.batch.isEmpty else { break }
                for entry in next.batch { state.sending[entry.id] = entry.payload }
                batches.append(next.batch)
            }
            let startLinger = !state.lingering && state.queue.hasReady
            if startLinger { state.lingering = true }
            return (batches, held, startLinger)
        }
        for entry in held { entry.payload.continuation.resume(returning: nil) }
        for batch in batches {
            Task { await self.send(batch) }
        }
        if startLinger {
            Task {
                try? await Task.sleep(for: linger)
                self.dispatch(lingerOver: true)
            }
        }
    }

    /// Sends one batch and hands each item its answer.
    private func send(_ entries: [Entry]) async {
        // Items keep their scope's pace, as single requests do: after a directory 429 a batch of
        // directory items leaves once the last of their slots has come, not as a burst into the bucket.
        var itemsByScope: [String: Int] = [:]
        for entry in entries { itemsByScope[entry.scope, default: 0] += 1 }
        for (scope, count) in itemsByScope { try? await client.scopes.pace(scope, slots: count) }
        var batch = entries
        var answers: [String: HTTPResponse] = [:]
        // Scanning a body that is not read as a page costs little: the answers of a batch are mostly alike.
        let scansPages = entries.contains { $0.payload.scansPage }
        let outcome: Result<GraphHTTPClient.Answer, any Error>
        do {
            let request = HTTPRequest(method: "POST", url: batchURL, headers: [(name: "Content-Type", value: "application/json")])
            outcome = .success(try await client.exchange(request, prepare: { request in
                // Decided once the permit is granted, for each attempt: a Retry-After that came meanwhile
                // sends its scope's items back to wait, instead of into Graph's refusal.
                batch = withdrawHeldAndAbandoned(from: batch)
                guard !batch.isEmpty else { return false }
                client.recordBatch(items: batch.count)
                request.body = BatchRequestBody.encode(batch.map { entry in
                    BatchRequestBody.Request(id: String(entry.id), url: entry.payload.relativeURL, headers: entry.payload.headers)
                })
                return true
            }, inspect: { response in
                answers = response.isSuccess ? BatchResponseBody.answers(in: response.body, scanningPages: scansPages) : [:]
                // Held before the permit goes back and before the items' callers hear of it: no batch
                // may leave with their scope meanwhile. Their own retry loops hold it again, later.
                for entry in batch {
                    if let answer = answers[String(entry.id)], let delay = client.holdDuration(of: answer) {
                        client.scopes.hold(entry.scope, for: delay)
                    }
                }
            }))
        } catch is GraphHTTPClient.NothingToSend {
            dispatch(lingerOver: false)
            return
        } catch {
            outcome = .failure(error)
        }

        var results: [Result<GraphHTTPClient.Answer?, any Error>] = []
        switch outcome {
        case .success(let answer) where answer.response.isSuccess:
            var throttled = false
            for entry in batch {
                guard let response = answers[String(entry.id)] else {
                    let error = Self.missingAnswer(in: answer.response, url: entry.payload.url, foundAny: !answers.isEmpty)
                    results.append(.failure(error))
                    continue
                }
                throttled = throttled || GraphHTTPClient.signal(of: response) == .throttled
                let traced = Self.traced(response, by: answer.response)
                results.append(.success(GraphHTTPClient.Answer(response: traced, token: answer.token, sentAt: answer.sentAt)))
            }
            if throttled, let sentAt = answer.sentAt { client.noteThrottled(sentAt: sentAt) }
        case .success(let answer):
            // Graph refused the batch as a whole with a final status (400, 403): that is every item's answer.
            results = batch.map { _ in .success(answer) }
        case .failure(let error):
            results = batch.map { entry in .failure(Self.itemError(error, url: entry.payload.url)) }
        }

        let handOver = state.withLock { state in
            state.queue.finished(batch)
            return zip(batch, results).compactMap { entry, result in
                state.sending.removeValue(forKey: entry.id).map { ($0.continuation, result) }
            }
        }
        for (continuation, result) in handOver { continuation.resume(with: result) }
        dispatch(lingerOver: false)
    }

    /// The entries of `batch` still worth sending: the others go back to their callers to wait for their
    /// scope's hold, or are dropped because their caller gave up.
    private func withdrawHeldAndAbandoned(from batch: [Entry]) -> [Entry] {
        let (kept, waiting) = state.withLock { state in
            var kept: [Entry] = []
            var withdrawn: [Entry] = []
            var waiting: [CheckedContinuation<GraphHTTPClient.Answer?, any Error>] = []
            for entry in batch {
                if state.sending[entry.id] == nil {
                    withdrawn.append(entry)
                } else if client.scopes.isHeld(entry.scope) {
                    withdrawn.append(entry)
                    if let item = state.sending.removeValue(forKey: entry.id) { waiting.append(item.continuation) }
                } else {
                    kept.append(entry)
                }
            }
            state.queue.finished(withdrawn)
            return (kept, waiting)
        }
        for continuation in waiting { continuation.resume(returning: nil) }
        return kept
    }

    /// Why a successful `$batch` answer held nothing for the item at `url`, told apart by what the body is:
    /// not JSON at all (an HTML page from a proxy or gateway), JSON of another shape, JSON that is cut short,
    /// or a whole batch answer that left this item out.
    static func missingAnswer(in response: HTTPResponse, url: String, foundAny: Bool) -> TransportError {
        func failure(_ kind: TransportError.Kind, _ detail: String) -> TransportError {
            TransportError(kind: kind, method: "GET", url: url, detail: detail)
        }
        let first = response.body.first { $0 > 0x20 }
        guard first == UInt8(ascii: "{") else {
            let what = response.body.isEmpty ? "an empty body" : first == UInt8(ascii: "<") ? "HTML or XML" : "not JSON"
            let type = response.header("content-type").map { "Content-Type \($0.prefix(60))" } ?? "no Content-Type"
            return failure(
                .malformedResponse, "Graph's $batch answer is \(what) (HTTP \(response.status), \(type)), not a JSON batch response")
        }
        do {
            _ = try JSONParser.parse(response.body)
        } catch {
            return foundAny
                ? failure(.partialBody, "the $batch answer was cut short before this request's answer")
                : failure(.malformedResponse, "the $batch answer is not valid JSON (\(error))")
        }
        return foundAny
            ? failure(.malformedResponse, "the $batch answer held no answer for this request")
            : failure(.malformedResponse, "the $batch answer has no 'responses' array of answers with an id and a status")
    }

    /// The error of a batch that failed as a whole, told about one of its items.
    private static func itemError(_ error: any Error, url: String) -> any Error {
        guard let error = error as? GraphRequestError else { return error }
        return GraphRequestError(
            reason: error.reason, method: "GET", url: url, status: error.status, code: error.code,
            detail: "in a $batch that failed: " + (error.detail ?? error.reason.description), attempts: error.attempts,
            trace: error.trace)
    }

    /// An item's answer with the `request-id` and `client-request-id` of the `$batch` exchange that carried
    /// it, where the item has none of its own: Graph's logs know the item by the batch's ids.
    static func traced(_ item: HTTPResponse, by batch: HTTPResponse) -> HTTPResponse {
        var item = item
        for name in [RequestTrace.requestIdHeader, RequestTrace.clientRequestIdHeader] where item.header(name) == nil {
            if let value = batch.header(name) { item.headers.append((name: name, value: value)) }
        }
        return item
    }

    /// The item's headers: no `Authorization` (the batch's token covers it), one entry per name, since a
    /// batch item's headers are a JSON object.
    private static func itemHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [(name: String, value: String)] = []
        for header in headers where header.name.lowercased() != "authorization" {
            if let index = merged.firstIndex(where: { $0.name.lowercased() == header.name.lowercased() }) {
                merged[index].value += ", " + header.value
            } else {
                merged.append(header)
            }
        }
        return merged
    }
}
