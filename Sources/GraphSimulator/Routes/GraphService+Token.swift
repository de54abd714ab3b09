/// The Microsoft identity platform's token endpoint: `POST /{tenant}/oauth2/v2.0/token`, client credentials
/// with a client secret or a certificate's JWT client assertion.
extension GraphService {
    func issueToken(tenantSegment: String, request: GraphRequest) -> GraphResponse {
        do throws(EntraError) {
            let token = try validateTokenRequest(tenantSegment: tenantSegment, request: request)
            var writer = JSONWriter(capacity: 256)
            writer.beginObject()
            writer.key("token_type")
            writer.string("Bearer")
            writer.key("expires_in")
            writer.int(configuration.tokenLifetime)
            writer.key("ext_expires_in")
            writer.int(configuration.tokenLifetime)
            writer.key("access_token")
            writer.string(token)
            writer.endObject()
            return .json(writer)
        } catch {
            return error.response(to: request)
        }
    }

    /// Checks a certificate credential: the assertion's type, then the JWT itself.
    private func verifyAssertion(_ assertion: String, type: String?, clientId: String, now: Double) throws(EntraError) {
        guard let type, !type.isEmpty else { throw .missingParameter("client_assertion_type") }
        guard type == ClientAssertionVerifier.assertionType else {
            throw EntraError(
                status: 400, error: "invalid_request", code: 90011,
                description: "Unexpected client assertion type '\(type)'; send '\(ClientAssertionVerifier.assertionType)'.")
        }
        let verifier = ClientAssertionVerifier(
            trusted: configuration.clientCertificates,
            tenantNames: [tenant.tenantId.lowercased(), tenant.initialDomain, tenant.primaryDomain])
        try verifier.verify(assertion, clientId: clientId, now: now)
    }

    /// Checks the request in the order Entra ID does and returns a new token.
    private func validateTokenRequest(tenantSegment: String, request: GraphRequest) throws(EntraError) -> String {
        let tenantName = tenantSegment.lowercased()
        guard tenantName == tenant.tenantId.lowercased() || tenantName == tenant.initialDomain
            || tenantName == tenant.primaryDomain
        else {
            throw EntraError(
                status: 400, error: "invalid_request", code: 90002,
                description: "Tenant '\(tenantSegment)' not found. Check to make sure you have the correct tenant ID "
                    + "and are signing into the correct cloud. The simulated tenant is '\(tenant.tenantId)'.")
        }
        guard request.method == "POST" else {
            throw EntraError(
                status: 400, error: "invalid_request", code: 900_561,
                description: "The endpoint only accepts POST, OPTIONS requests. Received a \(request.method) request.")
        }
        guard let pairs = PercentEncoding.parsePairs(String(decoding: request.body, as: UTF8.self), plusIsSpace: true)
        else {
            throw EntraError(
                status: 400, error: "invalid_request", code: 900_144,
                description: "The request body must be application/x-www-form-urlencoded.")
        }
        var form: [String: String] = [:]
        for (name, value) in pairs where form[name] == nil { form[name] = value }

        guard let grantType = form["grant_type"], !grantType.isEmpty else { throw .missingParameter("grant_type") }
        guard grantType == "client_credentials" else {
            throw EntraError(
                status: 400, error: "unsupported_grant_type", code: 70003,
                description: "The app requested an unsupported grant type '\(grantType)'. "
                    + "The Graph simulator supports client_credentials.")
        }
        guard let clientId = form["client_id"], !clientId.isEmpty else { throw .missingParameter("client_id") }
        guard let scope = form["scope"], !scope.isEmpty else { throw .missingParameter("scope") }
        guard scope.split(separator: " ").count == 1, scope.hasSuffix("/.default") else {
            throw EntraError(
                status: 400, error: "invalid_scope", code: 1_002_012,
                description: "The provided value for scope \(scope) is not valid. Client credential flows must have "
                    + "a scope value with /.default suffixed to the resource identifier (application ID URI).")
        }
        // Entra ID knows resources by their application ID URI, not by the URL a request happens to go to.
        guard scope.lowercased() == configuration.scope.lowercased() else {
            let resource = scope.dropLast("/.default".count)
            throw EntraError(
                status: 400, error: "invalid_resource", code: 500_011,
                description: "The resource principal named \(resource) was not found in the tenant named "
                    + "\(tenant.tenantId). This can happen if the application has not been installed by the administrator "
                    + "of the tenant or consented to by any user in the tenant. The simulator grants only the scope "
                    + "\(configuration.scope).")
        }
        if let expected = configuration.clientId, expected != clientId {
            throw EntraError(
                status: 400, error: "unauthorized_client", code: 700_016,
                description: "Application with identifier '\(clientId)' was not found in the directory "
                    + "'\(tenant.tenantId)'. Check the client id the pipeline uses.")
        }
        switch (form["client_secret"], form["client_assertion"]) {
        case (let secret?, nil) where !secret.isEmpty:
            if let expected = configuration.clientSecret, expected != secret {
                // Never echo the secret that was sent.
                throw EntraError(
                    status: 401, error: "invalid_client", code: 7_000_215,
                    description: "Invalid client secret provided. Ensure the secret being sent in the request is the "
                        + "client secret value, not the client secret ID, for a secret added to app '\(clientId)'.")
            }
        case (nil, let assertion?) where !assertion.isEmpty:
            try verifyAssertion(assertion, type: form["client_assertion_type"], clientId: clientId, now: request.now)
        case (.some, .some):
            throw EntraError(
                status: 400, error: "invalid_request", code: 7_000_216,
                description: "Send one client credential for the 'client_credentials' grant type: 'client_secret' or "
                    + "'client_assertion', not both.")
        default:
            throw EntraError(
                status: 400, error: "invalid_client", code: 7_000_216,
                description: "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
        }
        // An app-only token's `roles` are the application permissions granted (and consented) to the app.
        let claims = TokenAuthority.Claims(
            tenantId: tenant.tenantId, clientId: clientId, audience: String(scope.dropLast("/.default".count)),
            roles: (configuration.permissions ?? AppPermissions.all).sorted(), issuedAt: request.now)
        return tokens.issue(expiry: request.now + Double(configuration.tokenLifetime), claims: claims)
    }
}
