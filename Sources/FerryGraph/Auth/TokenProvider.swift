import FerryCore
import Foundation

/// Gets and caches app-only tokens with the client-credentials grant; refreshes before expiry.
///
/// The app proves its identity with a client secret or with a JWT client assertion signed by its
/// certificate, a new one for every token request.
///
/// A token is refreshed once less than `min(5 minutes, 10% of its lifetime)` remains, so requests
/// never leave with a token about to expire. Concurrent callers share one in-flight refresh. After
/// Graph answers 401, `invalidate` the token that was refused and ask again.
public actor TokenProvider {
    private struct CachedToken: Sendable {
        var value: String
        var refreshAt: ContinuousClock.Instant
        /// When the token endpoint said it expires (`expires_in` after the request).
        var expiresAt: Date
    }

    private let credentials: ClientCredentials
    private let transport: CurlTransport
    private var cached: CachedToken?
    private var refresh: Task<CachedToken, any Error>?
    /// Where time comes from; tests move it forward instead of sleeping.
    private let now: @Sendable () -> ContinuousClock.Instant
    /// The calendar time client assertions are dated with; tests set it to date them in the past.
    private let wallClock: @Sendable () -> Date

    /// - Parameters:
    ///   - now: the clock that decides when to refresh.
    ///   - wallClock: the date client assertions carry (`iat`, `nbf`, `exp`).
    public init(
        credentials: ClientCredentials, transport: CurlTransport,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.transport = transport
        self.now = now
        self.wallClock = wallClock
    }

    /// A valid access token, fetched or refreshed when needed. Throws `TokenError`.
    public func token() async throws -> String {
        if let cached, now() < cached.refreshAt { return cached.value }
        if let refresh { return try await refresh.value.value }
        let started = now()
        let date = wallClock()
        let task = Task { [credentials, transport] in
            // The result is installed before the task completes, so no waiter can resume and ask
            // again in the window between completion and installation.
            do {
                let fresh = try await Self.fetch(credentials, transport, started: started, date: date)
                self.install(fresh)
                return fresh
            } catch {
                self.install(nil)
                throw error
            }
        }
        refresh = task
        return try await task.value.value
    }

    /// A valid access token and when it expires, as the token endpoint said (`expires_in`); for `ferry check`.
    public func tokenWithExpiry() async throws -> (token: String, expiresAt: Date) {
        let token = try await token()
        return (token, cached?.value == token ? cached?.expiresAt ?? wallClock() : wallClock())
    }

    /// Drops the cached token if it is `token`, so the next `token()` fetches a new one.
    ///
    /// Comparing first means a late 401 for an old token does not throw away a newer one.
    public func invalidate(_ token: String) {
        if cached?.value == token { cached = nil }
    }

    private func install(_ fresh: CachedToken?) {
        if let fresh { cached = fresh }
        refresh = nil
    }

    private static func fetch(
        _ credentials: ClientCredentials, _ transport: CurlTransport, started: ContinuousClock.Instant, date: Date
    ) async throws -> CachedToken {
        let url = credentials.tokenURL
        var fields = [("client_id", credentials.clientId)]
        let secrets: [String]
        let kind: TokenError.CredentialKind
        switch credentials.credential {
        case .secret(let secret):
            fields.append(("client_secret", secret))
            secrets = [secret]
            kind = .secret
        case .certificate(let certificate):
            // A fresh assertion per request: each has its own jti and is valid only a few minutes.
            let assertion: ClientAssertion
            do {
                assertion = try ClientAssertion(
                    clientId: credentials.clientId, audience: url, certificate: certificate, now: date)
            } catch {
                throw TokenError(
                    tokenURL: url, status: nil, code: nil, detail: error.description, isRetryable: false, secrets: [],
                    credentialKind: .certificate)
            }
            fields += [("client_assertion_type", ClientAssertion.type), ("client_assertion", assertion.compact)]
            // The signature alone is scrubbed too, in case an endpoint quotes only that part.
            secrets = [assertion.compact] + assertion.compact.split(separator: ".").suffix(1).map(String.init)
            kind = .certificate
        }
        fields += [("scope", credentials.scope), ("grant_type", "client_credentials")]
        func failure(status: Int?, code: String? = nil, _ detail: String, retryable: Bool) -> TokenError {
            TokenError(
                tokenURL: url, status: status, code: code, detail: detail, isRetryable: retryable, secrets: secrets,
                credentialKind: kind)
        }
        let body = FormEncoding.encode(fields)
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: body, timeout: .seconds(30))
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw failure(status: nil, error.description, retryable: error.isRetryable)
        }
        guard response.isSuccess else {
            let retryable = response.status == 429 || response.status >= 500
            if let error = GraphErrorBody.parse(response.body) {
                throw failure(status: response.status, code: error.code, error.message, retryable: retryable)
            }
            // Whole (up to 64 KiB): TokenError scrubs the secrets out before it cuts the text short.
            let excerpt = String(decoding: response.body.prefix(64 << 10), as: UTF8.self)
            throw failure(status: response.status, excerpt.isEmpty ? "empty body" : excerpt, retryable: retryable)
        }
        guard let object = try? JSONParser.parse(response.body), let token = object["access_token"]?.stringValue,
            !token.isEmpty
        else {
            throw failure(status: response.status, "the response has no access_token", retryable: false)
        }
        // The token becomes a header value: a line break in it would forge headers, a space is no token68.
        guard token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw failure(
                status: response.status,
                "the access_token it sent holds a line break, a space or a character outside visible ASCII, so it "
                    + "cannot be sent in an Authorization header; the endpoint at source.login_url is not issuing "
                    + "tokens as Entra ID does", retryable: false)
        }
        let lifetime = seconds(object["expires_in"]) ?? 300
        let margin = min(300, lifetime / 10)
        return CachedToken(
            value: token, refreshAt: started + .milliseconds(Int64((lifetime - margin) * 1000)),
            expiresAt: date.addingTimeInterval(lifetime))
    }

    /// `expires_in` is a number in v2.0 responses and was a string in v1.0 ones.
    private static func seconds(_ value: JSONValue?) -> Double? {
        let seconds: Double? =
            switch value {
            case .number(let number)?: number
            case .string(let text)?: Double(text)
            default: nil
            }
        guard let seconds, seconds.isFinite, seconds > 0 else { return nil }
        return min(seconds, 30 * 24 * 3600)
    }
}
