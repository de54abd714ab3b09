import Foundation
import Testing
import _CryptoExtras

@testable import GraphSimulator

/// Pins the exact bytes of message pages, so that a change to how pages are written cannot alter them
/// unnoticed. The pages are some of those `simulator-bench fingerprint 5000 60` hashes (same tenant and
/// anchor), whose SHA-256 digests were taken from the simulator before its writing was made faster.
@Suite("Served message pages, byte for byte")
struct ServedBytesTests {
    /// As the fingerprint serves it (5,000 users, seed 7, 60 messages per user): its Sent Items keep the
    /// default configuration's average of 10.
    static let configuration = SimulatorConfiguration(
        users: 5_000, seed: 7, messagesPerUser: 60, anchor: testAnchor, sentItemsPerUser: 10)

    /// The SHA-256 of each page's body, the server's base URL replaced by `BASE`; `{user}` is the first
    /// mailbox, and `next:` marks the page the previous one's nextLink leads to.
    static let expected: [(path: String, prefer: String?, sha256: String)] = [
        ("/v1.0/users/{user}/messages?$top=100", nil, "11c0ecfe25c0783ad0e7df77912d96e00c35099f0381828976db92fbc47c7d1a"),
        ("next:", nil, "29c6036706dc4cceace731aa50a7c937bb730cf6b32f9244985ce00961f7fabd"),
        ("/v1.0/users/{user}/mailFolders/inbox/messages", nil, "50224474638a3b541a77ff6d961c43b4a79d904bfdc6d603e5e05b48ca3538fd"),
        ("/v1.0/users/{user}/mailFolders/sentitems/messages", nil, "97bfa552a27ae526d92c5eef3538f4d8ff04bddd8ae059ea6bbaaa3b631d61b5"),
        ("/v1.0/users/{user}/mailFolders/sentitems/messages?$select=subject,toRecipients,body,from&$top=25", nil, "1a2e766e0e058de1e82b1ad165dfbb8eb7a62525185c6928a64ec1f4ad21893f"),
        (
            "/v1.0/users/{user}/messages?$select=subject,from,bodyPreview,webLink,internetMessageId,conversationIndex&$skip=3&$top=7",
            nil, "61657cd2296bd7b51898094f12c767e2d9e2ac98e85de97ec076544a6dfb71ca"
        ),
        (
            "/v1.0/users/{user}/messages?$filter=isRead%20eq%20false%20and%20receivedDateTime%20ge%202026-11-16T00:00:00Z"
                + "%20and%20receivedDateTime%20lt%202026-11-19T12:00:00Z&$top=6",
            nil, "b5389db2409d939f1e8ec396ebe00043cea52ea0c5fd3b097f8abef56b04da76"
        ),
        (
            "/v1.0/users/{user}/mailFolders/inbox/messages/delta?$select=subject,from,receivedDateTime,isRead",
            "odata.maxpagesize=40", "3b4d29d2c358c40c77fe243b82cef14d684a07e9d1cb60f14996af9d5fa1ceab"
        ),
    ]

    @Test("message pages (Inbox, Sent Items, $select, $skip, $filter, delta) are the pinned bytes")
    func pinnedPages() async throws {
        try await withServer(Self.configuration) { client in
            let token = try await client.token()
            let tenant = client.server.tenant
            let user = tenant.user(at: try #require(tenant.mailboxUserIndexes().first)).id
            let base = client.server.baseURL
            var previous: [String: Any] = [:]
            for (path, prefer, sha256) in Self.expected {
                let url = path == "next:"
                    ? try #require(previous["@odata.nextLink"] as? String)
                    : base + path.replacingOccurrences(of: "{user}", with: user)
                let result = try await client.get(url, token: token, headers: prefer.map { ["Prefer": $0] } ?? [:])
                #expect(result.status == 200, "\(path)")
                let body = result.text.replacingOccurrences(of: base, with: "BASE")
                let digest = SHA256.hash(data: Data(body.utf8)).map { String(format: "%02x", $0) }.joined()
                #expect(digest == sha256, "\(path): the page's bytes changed")
                previous = try result.object()
            }
        }
    }
}
