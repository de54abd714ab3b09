import Foundation
import GraphSimulator

/// `simulator-bench fingerprint USERS MESSAGES_PER_USER`: what the simulator serves, as one byte stream.
///
/// Serves a tenant (seed 7) at a fixed anchor and writes to stdout the bodies of a fixed set of pages, the
/// base URL (its port varies) replaced by `BASE`: every mailbox's whole Inbox, Sent Items, `$select`,
/// `$filter` windows and other conditions, `$skip`, delta rounds before and after the tenant evolves,
/// calendarView and the user list. `| sha256sum` then pins every byte: run it before and after a change
/// to the simulator's serving code. Each section's pages and bytes go to stderr.
struct Fingerprint {
    /// 2026-11-21T00:00:00Z, the tests' anchor.
    static let anchor = Date(timeIntervalSince1970: 1_795_219_200)

    let server: GraphSimulatorServer
    let bearer: String
    private let client: LoadClient
    private let output = FileHandle.standardOutput

    init(server: GraphSimulatorServer, bearer: String) {
        self.server = server
        self.bearer = bearer
        client = LoadClient(port: UInt16(server.port))!
    }

    func run() {
        let tenant = server.tenant
        let mailboxes = tenant.mailboxUserIndexes()
        let ids = mailboxes.map { tenant.user(at: $0).id }
        let window = "receivedDateTime%20ge%202026-11-16T00:00:00Z%20and%20receivedDateTime%20lt%202026-11-19T12:00:00Z"
        let ferrySelect = "id,createdDateTime,lastModifiedDateTime,receivedDateTime,sentDateTime,subject,bodyPreview,"
            + "importance,parentFolderId,conversationId,isRead,hasAttachments,internetMessageId,from,sender,"
            + "toRecipients,ccRecipients,bccRecipients,replyTo,categories,flag,body,webLink,conversationIndex,changeKey"

        section("inbox, every mailbox, $top=100") {
            ids.map { "/v1.0/users/\($0)/messages?$top=100" }
        }
        section("inbox, a window with Ferry's $select") {
            ids.enumerated().filter { $0.offset % 7 == 0 }.map {
                "/v1.0/users/\($0.element)/messages?$select=\(ferrySelect)&$filter=\(window)&$top=50"
            }
        }
        section("inbox and sentitems, default pages") {
            ids.enumerated().filter { $0.offset % 11 == 0 }.flatMap {
                ["/v1.0/users/\($0.element)/mailFolders/inbox/messages", "/v1.0/users/\($0.element)/mailFolders/sentitems/messages"]
            }
        }
        section("sentitems, $select and a window on sentDateTime") {
            ids.enumerated().filter { $0.offset % 13 == 0 }.flatMap {
                [
                    "/v1.0/users/\($0.element)/mailFolders/sentitems/messages?$select=subject,toRecipients,body,from&$top=25",
                    "/v1.0/users/\($0.element)/mailFolders/sentitems/messages?$filter=sentDateTime%20ge%202026-11-17T00:00:00Z&$top=9",
                ]
            }
        }
        section("$select, $skip, conditions beyond the window") {
            ids.enumerated().filter { $0.offset % 17 == 0 }.flatMap {
                [
                    "/v1.0/users/\($0.element)/messages?$select=subject,from,bodyPreview,webLink,internetMessageId,conversationIndex&$skip=3&$top=7",
                    "/v1.0/users/\($0.element)/messages?$filter=isRead%20eq%20false%20and%20\(window)&$top=6",
                    "/v1.0/users/\($0.element)/messages?$filter=importance%20eq%20'high'%20or%20hasAttachments%20eq%20true&$select=importance,hasAttachments,categories,flag",
                ]
            }
        }
        section("calendarView and users") {
            ids.enumerated().filter { $0.offset % 29 == 0 }.map {
                "/v1.0/users/\($0.element)/calendarView?startDateTime=2026-11-14T00:00:00Z&endDateTime=2026-12-05T00:00:00Z"
            } + ["/v1.0/users?$top=999"]
        }
        let deltaOwners = ids.enumerated().filter { $0.offset % 23 == 0 }.map(\.element)
        var deltaLinks: [String] = []
        section("messages delta, first round", prefer: "odata.maxpagesize=40") {
            deltaOwners.flatMap {
                [
                    "/v1.0/users/\($0)/mailFolders/inbox/messages/delta?$select=subject,from,receivedDateTime,isRead",
                    "/v1.0/users/\($0)/mailFolders/sentitems/messages/delta",
                ]
            }
        } then: { deltaLinks.append($0) }
        for _ in 0..<2 { _ = server.advanceGeneration() }
        section("messages delta, after two generations", prefer: "odata.maxpagesize=40") { deltaLinks }
        section("inbox after two generations") {
            ids.enumerated().filter { $0.offset % 19 == 0 }.map { "/v1.0/users/\($0.element)/messages?$top=50" }
        }
    }

    /// Fetches each path's pages to the end and writes their bodies; `then` gets each round's deltaLink.
    private func section(
        _ name: String, prefer: String? = nil, _ paths: () -> [String], then deltaLink: (String) -> Void = { _ in }
    ) {
        let clock = ContinuousClock()
        var pages = 0
        var bytes = 0
        let elapsed = clock.measure {
            for first in paths() {
                var path: String? = first
                while let current = path {
                    var request = "GET \(current) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(bearer)\r\n"
                    if let prefer { request += "Prefer: \(prefer)\r\n" }
                    guard let result = client.get(Array((request + "\r\n").utf8), keepBody: true), let body = result.body else {
                        FileHandle.standardError.write(Data("fingerprint: \(current) failed\n".utf8))
                        exit(1)
                    }
                    var text = Self.replacingBase(in: body, base: server.baseURL)
                    // An error's innerError carries the date and a fresh request id.
                    if result.status != 200, let cut = Self.firstIndex(of: Array(",\"innerError\"".utf8), in: text, from: 0) {
                        text.removeSubrange(cut...)
                    }
                    output.write(Data("\(result.status) \(current.replacingOccurrences(of: bearer, with: ""))\n".utf8))
                    output.write(Data(text))
                    output.write(Data("\n".utf8))
                    pages += 1
                    bytes += body.count
                    path = Self.link("@odata.nextLink", in: body, base: server.baseURL)
                    if path == nil, let link = Self.link("@odata.deltaLink", in: body, base: server.baseURL) { deltaLink(link) }
                }
            }
        }
        FileHandle.standardError.write(Data("\(name): \(pages) pages, \(bytes) bytes in \(elapsed)\n".utf8))
    }

    /// The path and query of a link property in a page, read from its bytes (links are written unescaped).
    static func link(_ name: String, in body: [UInt8], base: String) -> String? {
        let key = Array("\"\(name)\":\"".utf8)
        guard let start = firstIndex(of: key, in: body, from: 0) else { return nil }
        var end = start + key.count
        while end < body.count, body[end] != UInt8(ascii: "\"") { end += 1 }
        let link = String(decoding: body[(start + key.count)..<end], as: UTF8.self)
        return link.hasPrefix(base) ? String(link.dropFirst(base.count)) : nil
    }

    static func replacingBase(in body: [UInt8], base: String) -> [UInt8] {
        let pattern = Array(base.utf8)
        let replacement = Array("BASE".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(body.count)
        var position = 0
        while let found = firstIndex(of: pattern, in: body, from: position) {
            result.append(contentsOf: body[position..<found])
            result.append(contentsOf: replacement)
            position = found + pattern.count
        }
        result.append(contentsOf: body[position...])
        return result
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
