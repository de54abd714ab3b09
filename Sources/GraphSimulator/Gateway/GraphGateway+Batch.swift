/// JSON batching: `POST /v1.0/$batch` with up to 20 requests, answered in any order and matched by id.
///
/// Requests run in waves: all whose dependencies are answered go together, as Graph runs independent
/// requests in parallel. Every request of a wave takes its place within the limits before any runs, so five
/// requests to one mailbox in a batch meet the mailbox's limit of four, as they do against Graph. A request
/// whose dependency failed is answered 424 without running.
extension GraphGateway {
    func batch(_ request: GraphRequest, service: GraphService) async -> GraphResponse {
        guard request.method == "POST" else {
            ledger.record(.batch, status: 405)
            return GraphError.methodNotAllowed(method: request.method).response(to: request)
        }
        let parts: [BatchPart]
        do throws(GraphError) {
            parts = try BatchPart.parse(request.body)
        } catch {
            ledger.record(.batch, status: error.status)
            return error.response(to: request)
        }
        ledger.recordBatch(requests: parts.count)

        var answers: [String: GraphResponse] = [:]
        var pending = parts
        while !pending.isEmpty {
            let ready = pending.filter { part in part.dependsOn.allSatisfy { answers[$0.lowercased()] != nil } }
            guard !ready.isEmpty else {
                // A cycle: nothing can run; every remaining request fails its dependency.
                for part in pending { answers[part.id.lowercased()] = failedDependency(part, on: part.dependsOn[0], request: request) }
                break
            }
            pending.removeAll { part in ready.contains { $0.id == part.id } }
            var wave: [(part: BatchPart, route: GraphRoute, scope: TrafficScope, request: GraphRequest)] = []
            for part in ready {
                if let failed = part.dependsOn.first(where: { (answers[$0.lowercased()]?.status ?? 500) >= 400 }) {
                    answers[part.id.lowercased()] = failedDependency(part, on: failed, request: request)
                    continue
                }
                let subrequest = part.request(in: request)
                guard case .graph(let route) = GraphService.target(of: subrequest), route != .batch else {
                    let family: GraphEndpointFamily = subrequest.path.lowercased().hasSuffix("$batch") ? .batch : .unknown
                    ledger.record(family, status: family == .batch ? 400 : 404)
                    answers[part.id.lowercased()] = family == .batch
                        ? GraphError(status: 400, code: "BadRequest", message: "A $batch cannot contain another $batch.").response(to: subrequest)
                        : GraphError.unknownPath(method: subrequest.method, path: subrequest.path).response(to: subrequest)
                    continue
                }
                let scope = scope(of: route)
                switch ledger.admit(scope, cost: Self.cost(of: route, subrequest), now: subrequest.now) {
                case .throttled(let retryAfter, let limit):
                    ledger.record(route.family, status: 429)
                    answers[part.id.lowercased()] = throttledResponse(limit: limit, retryAfter: retryAfter, request: subrequest)
                case .admitted:
                    wave.append((part, route, scope, subrequest))
                }
            }
            let results = await withTaskGroup(of: (String, GraphResponse).self) { group in
                for item in wave {
                    let fault = faults.draw(among: FaultInjector.statusFaults)
                    group.addTask {
                        (item.part.id.lowercased(), await self.admitted(item.route, scope: item.scope, request: item.request, service: service, fault: fault))
                    }
                }
                return await group.reduce(into: [String: GraphResponse]()) { $0[$1.0] = $1.1 }
            }
            for item in wave { ledger.release(item.scope) }
            answers.merge(results) { $1 }
        }

        var writer = JSONWriter(capacity: 4096 + answers.values.reduce(0) { $0 + $1.body.count })
        writer.beginObject()
        writer.key("responses")
        writer.beginArray()
        // Answers go out in an order unrelated to the request's, as Graph's may: clients must match by id.
        for part in parts.sorted(by: { Self.scramble($0.id) < Self.scramble($1.id) }) {
            guard let answer = answers[part.id.lowercased()] else { continue }
            writer.beginObject()
            writer.key("id")
            writer.string(part.id)
            writer.key("status")
            writer.int(answer.status)
            writer.key("headers")
            writer.beginObject()
            writer.key("Cache-Control")
            writer.string("no-cache")
            writer.key("Content-Type")
            writer.string(GraphResponder.contentType)
            for (name, value) in answer.headers {
                writer.key(name)
                writer.string(value)
            }
            writer.endObject()
            writer.key("body")
            writer.raw(answer.body)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        ledger.record(.batch, status: 200)
        return .json(writer)
    }

    private func failedDependency(_ part: BatchPart, on dependency: String, request: GraphRequest) -> GraphResponse {
        let family = if case .graph(let route) = GraphService.target(of: part.request(in: request)) { route.family } else {
            GraphEndpointFamily.unknown
        }
        ledger.record(family, status: 424)
        return GraphError(
            status: 424, code: "FailedDependency",
            message: "Request '\(part.id)' was not run because request '\(dependency)', which it depends on, failed."
        ).response(to: part.request(in: request))
    }

    private static func scramble(_ id: String) -> UInt64 {
        SplitMix64.hash(id.utf8.reduce(UInt64(0x9E37)) { $0 &* 31 &+ UInt64($1) })
    }
}
