import Synchronization

/// Everything around the endpoints: counting, injected faults, throttling, latency, `$batch`, the tenant's
/// current generation and the admin endpoints. `GraphService` answers; the gateway decides whether and when.
final class GraphGateway: Sendable {
    let configuration: SimulatorConfiguration
    let tokens: TokenAuthority
    let ledger: TrafficLedger
    let faults: FaultInjector
    /// Where admitted requests wait while a test keeps them in progress.
    let admissionGate = AdmissionGate()
    private let current: Mutex<SimulatedTenant>
    /// Tokens an injected expiry has refused; they stay refused, as an expired token would.
    private let revokedTokens = Mutex<Set<String>>([])
    /// Delta tokens carry the epoch they were issued in; raising it expires them all.
    private let deltaEpoch = Mutex(0)

    init(configuration: SimulatorConfiguration, tokens: TokenAuthority = TokenAuthority()) {
        self.configuration = configuration
        self.tokens = tokens
        let tenant = SimulatedTenant(configuration: configuration)
        current = Mutex(tenant)
        ledger = TrafficLedger(policy: configuration.throttling, userCount: tenant.baseUserCount, violationGrace: configuration.violationGrace)
        faults = FaultInjector(policy: configuration.faults)
    }

    /// The tenant as it is now.
    var tenant: SimulatedTenant { current.withLock { $0 } }

    /// Moves the tenant to its next generation and returns that generation's number.
    func advanceGeneration() -> Int {
        current.withLock { tenant in
            var next = configuration
            next.generation = min(tenant.generation + 1, SimulatorConfiguration.maximumGeneration)
            tenant = SimulatedTenant(configuration: next)
            return tenant.generation
        }
    }

    /// Makes every delta and skip token issued so far unknown: their next use answers 410.
    func expireDeltaTokens() {
        deltaEpoch.withLock { $0 += 1 }
    }

    func service() -> GraphService {
        GraphService(tenant: tenant, configuration: configuration, tokens: tokens, deltaEpoch: deltaEpoch.withLock { $0 })
    }

    /// Answers one HTTP request.
    func respond(to request: GraphRequest) async -> GraphResponse {
        let service = service()
        switch GraphService.target(of: request) {
        case .token(let tenantSegment):
            let response = service.issueToken(tenantSegment: tenantSegment, request: request)
            ledger.record(.token, status: response.status)
            return response
        case .unknown:
            // Admin requests are not counted: they are the observer, not the traffic.
            if let admin = adminResponse(to: request) { return admin }
            ledger.record(.unknown, status: 404)
            return GraphError.unknownPath(method: request.method, path: request.path).response(to: request)
        case .graph(let route):
            do throws(GraphError) {
                try service.authorize(request)
                if configuration.faults.tokenExpiry > 0, let token = request.bearerToken,
                    revokedTokens.withLock({ $0.contains(token) })
                {
                    throw GraphError(status: 401, code: "InvalidAuthenticationToken", message: "Lifetime validation failed, the token is expired.")
                }
            } catch {
                ledger.record(route.family, status: error.status)
                return error.response(to: request)
            }
            let fault = faults.draw(among: route == .batch ? FaultInjector.connectionFaults : FaultInjector.all)
            if fault == .tokenExpiry, let token = request.bearerToken {
                revokedTokens.withLock { _ = $0.insert(token) }
                ledger.record(fault: .tokenExpiry)
                ledger.record(route.family, status: 401)
                return faults.response(for: .tokenExpiry, to: request)
            }
            var response = route == .batch
                ? await batch(request, service: service)
                : await execute(route, request: request, service: service, fault: fault.flatMap { $0.isTransport ? nil : $0 })
            if let fault, fault.isTransport, response.status == 200 {
                ledger.record(fault: fault)
                response.delivery = fault == .truncatedBody ? .truncated : .dropped
            }
            return response
        }
    }

    /// Runs one Graph request through its limits, waits out the latency, and answers it.
    func execute(
        _ route: GraphRoute, request: GraphRequest, service: GraphService, fault: SimulatedFault?
    ) async -> GraphResponse {
        let scope = scope(of: route)
        let cost = configuration.throttling == nil ? 1 : Self.cost(of: route, request)
        if case .throttled(let retryAfter, let limit) = ledger.admit(scope, cost: cost, now: request.now) {
            ledger.record(route.family, status: 429)
            return throttledResponse(limit: limit, retryAfter: retryAfter, request: request)
        }
        let response = await admitted(route, scope: scope, request: request, service: service, fault: fault)
        ledger.release(scope)
        return response
    }

    /// Answers a request that already holds its place within the limits of `scope`.
    func admitted(
        _ route: GraphRoute, scope: TrafficScope, request: GraphRequest, service: GraphService, fault: SimulatedFault?
    ) async -> GraphResponse {
        await admissionGate.pass()
        if configuration.latency > 0 {
            try? await Task.sleep(for: .seconds(configuration.latency))
        }
        let response: GraphResponse
        if let fault {
            ledger.record(fault: fault)
            response = faults.response(for: fault, to: request)
            if let retryAfter = response.retryAfter {
                ledger.noteRetryAfter(scope, seconds: retryAfter, now: request.now)
            }
        } else if let denial = AppPermissions.denial(of: route.family, granted: configuration.permissions) {
            response = denial.response(to: request)
        } else if let user = route.mailboxUser,
            let denial = AppPermissions.mailboxDenial(of: user, scope: configuration.mailboxScope, tenant: service.tenant)
        {
            response = denial.response(to: request)
        } else {
            do throws(GraphError) {
                response = try service.respond(to: request, route: route)
            } catch {
                response = error.response(to: request)
            }
        }
        ledger.record(route.family, status: response.status)
        return response
    }

    /// The limit a request counts against; a mailbox named by principal name is the same as by id.
    func scope(of route: GraphRoute) -> TrafficScope {
        guard let user = route.mailboxUser else { return route.family.isDirectory ? .directory : .none }
        let tenant = self.tenant
        if user.contains("@"), let index = tenant.userIndex(forIdOrPrincipalName: user) {
            return .mailbox(tenant.user(at: index).id)
        }
        return .mailbox(user.lowercased())
    }

    /// Resource units a directory request costs, after Graph's identity limits: lists 2, single objects 1,
    /// delta 5; `$select` saves one.
    static func cost(of route: GraphRoute, _ request: GraphRequest) -> Int {
        let base: Int
        switch route.family {
        case .user, .group, .manager: base = 1
        case .usersDelta, .groupsDelta: base = 5
        default: base = 2
        }
        let query = request.query.utf8
        let selects = query.firstRange(of: "select=".utf8).map { range in
            let before = query[..<range.lowerBound]
            return before.last == UInt8(ascii: "$") || before.suffix(3).elementsEqual("%24".utf8)
        } ?? false
        return max(1, base - (selects ? 1 : 0))
    }

    func throttledResponse(limit: TrafficLedger.Limit, retryAfter: Double, request: GraphRequest) -> GraphResponse {
        let seconds = RetryAfter.format(retryAfter, fractional: configuration.throttling?.fractionalRetryAfter ?? true)
        let error: GraphError
        switch limit {
        case .mailboxConcurrency, .mailboxRequestRate:
            error = GraphError(status: 429, code: "ApplicationThrottled", message: "Application is over its \(limit.rawValue) limit.")
        case .directoryResourceUnits:
            error = GraphError(
                status: 429, code: "TooManyRequests",
                message: "Your request is throttled temporarily. Please try after \(seconds) seconds.")
        }
        var response = error.response(to: request)
        response.headers.append(("Retry-After", seconds))
        response.retryAfter = retryAfter
        return response
    }
}

extension GraphRequest {
    /// The token of a `Bearer` authorization header.
    var bearerToken: String? {
        guard let header = authorization, header.count > 7 else { return nil }
        return String(header.dropFirst(7).drop(while: { $0 == " " }))
    }
}
