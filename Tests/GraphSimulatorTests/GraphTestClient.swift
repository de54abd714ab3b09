import FerryTestSupport
import Foundation
import GraphSimulator
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A response as the tests inspect it.
struct HTTPResult {
    let status: Int
    let body: Data
    let headers: [String: String]

    /// The body parsed as a JSON object; fails the test if it is not one.
    func object() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: body)
        return try #require(value as? [String: Any], "body is not a JSON object: \(String(decoding: body, as: UTF8.self))")
    }

    /// `error.code` of a Graph error body.
    func graphErrorCode() throws -> String? {
        (try object()["error"] as? [String: Any])?["code"] as? String
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A real HTTP client against a running simulator, through URLSession on loopback.
struct GraphTestClient {
    let server: GraphSimulatorServer
    let session: URLSession

    init(server: GraphSimulatorServer) {
        self.server = server
        let configuration = URLSessionConfiguration.ephemeral
        // Generous: on a loaded 2-core machine a request can wait many seconds for a thread, and tests
        // that hold requests at the simulator's gate keep them open while they send others.
        configuration.timeoutIntervalForRequest = 120
        configuration.timeoutIntervalForResource = 240
        configuration.httpMaximumConnectionsPerHost = 32
        session = URLSession(configuration: configuration)
    }

    var tokenURL: String { "\(server.baseURL)/\(server.tenant.tenantId)/oauth2/v2.0/token" }

    func postForm(_ url: String, _ fields: [(String, String)]) async throws -> HTTPResult {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        request.httpBody = Data(
            fields.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&").utf8)
        return try await send(request)
    }

    func requestToken(
        clientId: String = "ferry-tests", secret: String = "s3cret", scope: String = "https://graph.microsoft.com/.default",
        grantType: String = "client_credentials", url: String? = nil
    ) async throws -> HTTPResult {
        try await postForm(
            url ?? tokenURL,
            [("client_id", clientId), ("client_secret", secret), ("scope", scope), ("grant_type", grantType)])
    }

    /// A valid access token, or a test failure.
    func token() async throws -> String {
        let result = try await requestToken()
        #expect(result.status == 200, "token request failed: \(result.text)")
        return try #require(try result.object()["access_token"] as? String)
    }

    func get(_ url: String, token: String?, headers: [String: String] = [:]) async throws -> HTTPResult {
        var request = URLRequest(url: try #require(URL(string: url), "not a URL: \(url)"))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    /// Follows `@odata.nextLink` from `url` to the end and returns every page; at most `maximumPages`.
    func pages(
        from url: String, token: String, headers: [String: String] = [:], maximumPages: Int = 2_000
    ) async throws -> [[String: Any]] {
        var pages: [[String: Any]] = []
        var next: String? = url
        while let url = next {
            let result = try await get(url, token: token, headers: headers)
            try #require(result.status == 200, "GET \(url) answered \(result.status): \(result.text)")
            let page = try result.object()
            pages.append(page)
            next = page["@odata.nextLink"] as? String
            if let next {
                #expect(next.hasPrefix(server.baseURL + "/v1.0/"), "nextLink is not absolute: \(next)")
                #expect(next != url, "nextLink repeats the current page")
            }
            try #require(pages.count <= maximumPages, "paging did not end")
        }
        return pages
    }

    /// POSTs a JSON body (a `$batch`).
    func post(_ url: String, token: String?, json: Any) async throws -> HTTPResult {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        return try await send(request)
    }

    /// Sends a `$batch` of GET requests (`[id: url]` relative to /v1.0) and returns the answers by id.
    func batch(_ requests: [[String: Any]], token: String) async throws -> (result: HTTPResult, answers: [String: [String: Any]], order: [String]) {
        let result = try await post("\(server.baseURL)/v1.0/$batch", token: token, json: ["requests": requests])
        guard result.status == 200 else { return (result, [:], []) }
        let responses = try #require(try result.object()["responses"] as? [[String: Any]])
        var answers: [String: [String: Any]] = [:]
        for response in responses { answers[try #require(response["id"] as? String)] = response }
        return (result, answers, responses.compactMap { $0["id"] as? String })
    }

    /// Every item of every page from `url` on.
    func items(from url: String, token: String, headers: [String: String] = [:]) async throws -> [[String: Any]] {
        try await pages(from: url, token: token, headers: headers).flatMap { $0["value"] as? [[String: Any]] ?? [] }
    }

    private func send(_ request: URLRequest) async throws -> HTTPResult {
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return HTTPResult(status: http.statusCode, body: data, headers: headers)
    }
}

/// Runs `body` against a fresh server and always stops it.
func withServer<T>(
    _ configuration: SimulatorConfiguration, _ body: (GraphTestClient) async throws -> T
) async throws -> T {
    try await withSimulator(configuration) { server in
        let client = GraphTestClient(server: server)
        do {
            let result = try await body(client)
            client.session.finishTasksAndInvalidate()
            return result
        } catch {
            client.session.invalidateAndCancel()
            throw error
        }
    }
}

/// A fixed anchor so that expectations do not depend on the day the tests run.
let testAnchor = Date(timeIntervalSince1970: 1_795_219_200)  // 2026-11-21T00:00:00Z
