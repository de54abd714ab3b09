import FerryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A Graph that misbehaves in the ways real services do: it forwards every request to the simulator
/// on loopback and rewrites the answers, so a whole pipeline runs against data whose ground truth is
/// still the simulator's.
///
/// Collection pages are shrunk (`$top` lowered) so that paging happens; then, as the mischief asks, an
/// item of each page comes again at the top of the next one (what `$skip` paging does when a mailbox
/// changes during the read), or items that are not objects are slipped into the users listing. Batched
/// answers are rewritten like single ones. The simulator's address in bodies becomes the proxy's, so
/// next links lead back through it.
final class HostileGraphProxy: Sendable {
    struct Mischief: Sendable {
        /// The `$top` every collection request is forwarded with, so that collections take several pages.
        var pageSize = 5
        /// Repeat the last item of each page at the top of the next page.
        var repeatItemsAcrossPages = false
        /// Slip these items (not user objects) into every page of the users listing.
        var strayUserItems: [String] = []
        /// Rewrites every item of pages whose path contains the key (e.g. "/messages"), as JSON objects.
        var rewriteItems: [String: @Sendable ([String: Any]) -> [String: Any]] = [:]
        /// Replaces text in every answer's bytes, last: another spelling of the same JSON, such as a key
        /// with an escape (`"id":` as `"\u0069d":`), which no JSON serializer writes.
        var respell: [(plain: String, respelled: String)] = []
    }

    let simulatorURL: String
    let mischief: Mischief
    private let server: LoopbackServer
    /// The item to repeat at the top of a page, by the page's path and query, as JSON.
    private let carried = Mutex<[String: Data]>([:])
    /// Items repeated across pages and stray items slipped in, as they were sent.
    private let counts = Mutex<(repeated: Int, stray: Int)>((0, 0))

    var baseURL: String { server.baseURL }
    var repeatedItems: Int { counts.withLock { $0.repeated } }
    var strayItems: Int { counts.withLock { $0.stray } }

    private init(simulatorURL: String, mischief: Mischief, server: LoopbackServer) {
        self.simulatorURL = simulatorURL
        self.mischief = mischief
        self.server = server
    }

    static func start(frontOf simulatorURL: String, mischief: Mischief) async throws -> HostileGraphProxy {
        let box = Mutex<HostileGraphProxy?>(nil)
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            guard let proxy = box.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await proxy.forward(request)
        }
        router.get("**", use: handler)
        router.post("**", use: handler)
        let server = try await LoopbackServer.start(router)
        let proxy = HostileGraphProxy(simulatorURL: simulatorURL, mischief: mischief, server: server)
        box.withLock { $0 = proxy }
        return proxy
    }

    func stop() async { await server.stop() }

    /// Runs `body` with a proxy in front of `simulatorURL`, and always stops it.
    static func with<T>(
        frontOf simulatorURL: String, mischief: Mischief, _ body: (HostileGraphProxy) async throws -> T
    ) async throws -> T {
        let proxy = try await start(frontOf: simulatorURL, mischief: mischief)
        do {
            let result = try await body(proxy)
            await proxy.stop()
            return result
        } catch {
            await proxy.stop()
            throw error
        }
    }

    private func forward(_ request: Request) async throws -> Response {
        let target = Self.shrinkingTop(simulatorURL + request.uri.description, to: mischief.pageSize)
        var forwarded = URLRequest(url: URL(string: target)!, timeoutInterval: 120)
        forwarded.httpMethod = request.method.rawValue
        for field in request.headers where field.name != .contentLength && field.name != .connection {
            forwarded.addValue(field.value, forHTTPHeaderField: field.name.rawName)
        }
        var batchURLs: [String: String] = [:]
        if request.method == .post {
            var body = Array(try await request.body.collect(upTo: 16 << 20).readableBytesView)
            if request.uri.path.hasSuffix("/$batch"), var batch = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                var parts = batch["requests"] as? [[String: Any]]
            {
                for index in parts.indices {
                    guard let url = parts[index]["url"] as? String, let id = parts[index]["id"] as? String else { continue }
                    let shrunk = Self.shrinkingTop(url, to: mischief.pageSize)
                    parts[index]["url"] = shrunk
                    batchURLs[id] = shrunk
                }
                batch["requests"] = parts
                body = Array(try JSONSerialization.data(withJSONObject: batch))
            }
            forwarded.httpBody = Data(body)
        }
        let (data, response) = try await URLSession.shared.data(for: forwarded)
        let http = response as! HTTPURLResponse
        var body = data
        if var document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if var responses = document["responses"] as? [[String: Any]] {
                for index in responses.indices {
                    guard let id = responses[index]["id"] as? String, let url = batchURLs[id],
                        let page = responses[index]["body"] as? [String: Any]
                    else { continue }
                    responses[index]["body"] = rewrite(page, path: url)
                }
                document["responses"] = responses
            } else {
                document = rewrite(document, path: request.uri.description)
            }
            body = try JSONSerialization.data(withJSONObject: document)
        }
        var text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: simulatorURL, with: baseURL)
            .replacingOccurrences(of: simulatorURL.replacingOccurrences(of: "/", with: "\\/"), with: baseURL)
        for (plain, respelled) in mischief.respell { text = text.replacingOccurrences(of: plain, with: respelled) }
        var headers = HTTPFields()
        for (name, value) in http.allHeaderFields {
            guard let name = name as? String, let value = value as? String, let field = HTTPField.Name(name),
                field != .contentLength, field != .transferEncoding, field != .connection
            else { continue }
            headers[field] = value
        }
        return Response(
            status: .init(code: http.statusCode), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A collection page after the mischief; `path` is the request's path and query as the client sent it.
    private func rewrite(_ page: [String: Any], path: String) -> [String: Any] {
        guard var items = page["value"] as? [Any] else { return page }
        var page = page
        let key = Self.pathAndQuery(path)
        if mischief.repeatItemsAcrossPages {
            if let previous = carried.withLock({ $0.removeValue(forKey: key) }),
                let item = try? JSONSerialization.jsonObject(with: previous, options: .fragmentsAllowed)
            {
                items.insert(item, at: 0)
                counts.withLock { $0.repeated += 1 }
            }
            if let next = page["@odata.nextLink"] as? String, let last = items.last,
                let data = try? JSONSerialization.data(withJSONObject: last, options: .fragmentsAllowed)
            {
                let nextKey = Self.pathAndQuery(next.replacingOccurrences(of: simulatorURL, with: baseURL))
                carried.withLock { $0[nextKey] = data }
            }
        }
        for (fragment, transform) in mischief.rewriteItems where key.contains(fragment) {
            items = items.map { ($0 as? [String: Any]).map(transform) ?? $0 }
        }
        if !mischief.strayUserItems.isEmpty, key.hasPrefix("/v1.0/users?") || key == "/v1.0/users" {
            for stray in mischief.strayUserItems {
                items.append(try! JSONSerialization.jsonObject(with: Data(stray.utf8), options: .fragmentsAllowed))
            }
            counts.withLock { $0.stray += mischief.strayUserItems.count }
        }
        page["value"] = items
        return page
    }

    /// The path and query of an absolute or relative URL, so a next link and the request for it match.
    private static func pathAndQuery(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// `url` with its `$top` lowered to `size`, so that a collection takes several pages.
    private static func shrinkingTop(_ url: String, to size: Int) -> String {
        guard var components = URLComponents(string: url), var items = components.percentEncodedQueryItems,
            let index = items.firstIndex(where: { $0.name == "$top" || $0.name == "%24top" })
        else { return url }
        items[index].value = String(size)
        components.percentEncodedQueryItems = items
        return components.string ?? url
    }
}
