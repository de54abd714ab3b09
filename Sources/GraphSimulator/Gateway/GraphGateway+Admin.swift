/// The simulator's own endpoints under `/_admin/`, for scripts that drive `ferry simulate` from outside:
/// `POST /_admin/evolve` (next generation), `GET /_admin/counters`, `POST /_admin/reset-counters`,
/// `POST /_admin/expire-delta-tokens`.
/// They take no token: the simulator only listens on loopback.
extension GraphGateway {
    func adminResponse(to request: GraphRequest) -> GraphResponse? {
        let segments = request.pathSegments.map { $0.lowercased() }
        guard segments.count == 2, segments[0] == "_admin" else { return nil }
        var writer = JSONWriter(capacity: 1024)
        switch (request.method, segments[1]) {
        case ("POST", "evolve"):
            let generation = advanceGeneration()
            writer.beginObject()
            writer.key("generation")
            writer.int(generation)
            writer.key("userCount")
            writer.int(tenant.userCount)
            writer.endObject()
        case ("GET", "counters"):
            write(ledger.counters, generation: tenant.generation, to: &writer)
        case ("POST", "reset-counters"):
            ledger.resetCounters()
            writer.beginObject()
            writer.endObject()
        case ("POST", "expire-delta-tokens"):
            expireDeltaTokens()
            writer.beginObject()
            writer.endObject()
        case (_, "evolve"), (_, "counters"), (_, "reset-counters"), (_, "expire-delta-tokens"):
            return GraphError.methodNotAllowed(method: request.method).response(to: request)
        default:
            return nil
        }
        return .json(writer)
    }

    private func write(_ counters: SimulatorCounters, generation: Int, to writer: inout JSONWriter) {
        func writeCounts(_ counts: [String: Int]) {
            writer.beginObject()
            for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
                writer.key(name)
                writer.int(count)
            }
            writer.endObject()
        }
        writer.beginObject()
        writer.key("generation")
        writer.int(generation)
        writer.key("totalRequests")
        writer.int(counters.totalRequests)
        writer.key("requests")
        writer.beginObject()
        for (family, statuses) in counters.requests.sorted(by: { $0.key < $1.key }) {
            writer.key(family.rawValue)
            writeCounts(Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }))
        }
        writer.endObject()
        writer.key("throttled")
        writer.int(counters.throttled)
        writer.key("throttledByLimit")
        writeCounts(counters.throttledByLimit)
        writer.key("peakMailboxConcurrency")
        writer.int(counters.peakMailboxConcurrency)
        writer.key("violations")
        writer.int(counters.violations)
        writer.key("violationsByScope")
        writeCounts(counters.violationsByScope)
        writer.key("faults")
        writeCounts(Dictionary(uniqueKeysWithValues: counters.faults.map { ($0.key.rawValue, $0.value) }))
        writer.key("batches")
        writer.int(counters.batches)
        writer.key("batchedRequests")
        writer.int(counters.batchedRequests)
        writer.endObject()
    }
}
