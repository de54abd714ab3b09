import FerryCore
import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A page of a Graph collection, and the user it was read for (nil for tenant-wide collections).
struct SimulatedPage: Sendable {
    let user: String?
    let body: [UInt8]
}

/// Reads real Graph pages from a simulator on loopback: the first page of a collection for a few users,
/// with `$select` as the runner sends it or without it (every property, message bodies included).
struct SimulatedPages {
    let server: GraphSimulatorServer
    let token: String
    let users: [String]
    let session: URLSession

    /// Starts a simulator, runs `body` with it and always stops it.
    static func with<T>(_ body: (SimulatedPages) async throws -> T) async throws -> T {
        var configuration = SimulatorConfiguration(users: 12, seed: 11, messagesPerUser: 12, eventsPerUser: 6, contactsPerUser: 4)
        configuration.clientSecret = "projection-tests"
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        // Generous: on a loaded 2-core machine a request can wait many seconds for a thread.
        sessionConfiguration.timeoutIntervalForRequest = 120
        sessionConfiguration.timeoutIntervalForResource = 240
        let session = URLSession(configuration: sessionConfiguration)
        return try await withSimulator(configuration) { server in
            let token = try await Self.token(server: server, session: session)
            let listing = try JSONParser.parse(
                try await Self.get("\(server.baseURL)/v1.0/users?$select=id&$top=999", token: token, session: session))
            var users: [String] = []
            if case .array(let items)? = listing["value"] { users = items.compactMap { $0["id"]?.stringValue } }
            return try await body(SimulatedPages(server: server, token: token, users: users, session: session))
        }
    }

    func pages(of schema: DatasetSchema, select: Bool = true, users count: Int = 6) async throws -> [SimulatedPage] {
        var query = "$top=\(schema.collection.maxPageSize)"
        if select { query += "&$select=" + schema.selectedProperties.joined(separator: ",") }
        if schema.collection.path.hasSuffix("calendarView") {
            query += "&startDateTime=2000-01-01T00:00:00Z&endDateTime=2100-01-01T00:00:00Z"
        }
        guard schema.collection.fanout != .tenant else {
            let url = "\(server.baseURL)/v1.0\(schema.collection.path)?\(query)"
            return [SimulatedPage(user: nil, body: try await Self.get(url, token: token, session: session))]
        }
        var pages: [SimulatedPage] = []
        // Some simulated users have no mailbox (Graph answers 404 for them, as for real ones).
        for user in users where pages.count < count {
            let path = schema.collection.path.replacingOccurrences(of: "{id}", with: user)
            let url = "\(server.baseURL)/v1.0\(path)?\(query)"
            if let body = try await Self.get(url, token: token, session: session, allowingMissing: true) {
                pages.append(SimulatedPage(user: user, body: body))
            }
        }
        return pages
    }

    private static func token(server: GraphSimulatorServer, session: URLSession) async throws -> String {
        var request = URLRequest(url: try #require(URL(string: "\(server.baseURL)/\(server.tenant.tenantId)/oauth2/v2.0/token")))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            ("client_id=ferry-tests&client_secret=projection-tests&grant_type=client_credentials"
                + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default").utf8)
        let (data, _) = try await session.data(for: request)
        let token = try JSONParser.parse(Array(data))["access_token"]?.stringValue
        return try #require(token, "no token: \(String(decoding: data, as: UTF8.self))")
    }

    private static func get(_ url: String, token: String, session: URLSession) async throws -> [UInt8] {
        try #require(try await get(url, token: token, session: session, allowingMissing: false))
    }

    /// The body of a 200 answer; nil for a 404 when `allowingMissing`.
    private static func get(_ url: String, token: String, session: URLSession, allowingMissing: Bool) async throws -> [UInt8]? {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 && allowingMissing { return nil }
        try #require(status == 200, "GET \(url) answered \(status): \(String(decoding: data, as: UTF8.self))")
        return Array(data)
    }
}
