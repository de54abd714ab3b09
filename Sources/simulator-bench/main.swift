import Foundation
import GraphSimulator
import Synchronization
import NIOPosix
import NIOCore

/// Measures the simulator alone, for `make bench`: `simulator-bench startup USERS` (start time, paging all users, RSS) and
/// `simulator-bench rate USERS CONNECTIONS SECONDS` (small requests per second over keep-alive connections);
/// `simulator-bench fingerprint USERS MESSAGES_PER_USER` (the bytes a fixed set of pages serves, see `Fingerprint`).
func residentMegabytes() -> (current: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func value(_ key: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
    return (value("VmRSS:") / 1024, value("VmHWM:") / 1024)
}

func token(_ server: GraphSimulatorServer) -> String {
    let client = LoadClient(port: UInt16(server.port))!
    let form = "client_id=bench&client_secret=s&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials"
    let request = Array(("POST /\(server.tenant.tenantId)/oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n" + form).utf8)
    let body = client.getBody(request) ?? []
    let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    return object?["access_token"] as? String ?? ""
}

func requestBytes(_ path: String, token: String) -> [UInt8] {
    Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n".utf8)
}

let arguments = Array(CommandLine.arguments.dropFirst())
if ProcessInfo.processInfo.environment["SIM_NIO_EXECUTOR"] == "1" {
    print("NIO event loops as the global executor:", NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor())
}
let mode = arguments.first ?? "startup"
let users = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let clock = ContinuousClock()
let before = residentMegabytes()
var server: GraphSimulatorServer?
let startup = try await clock.measure {
    var configuration = SimulatorConfiguration(users: users, seed: 7)
    if mode == "fingerprint" {
        configuration.messagesPerUser = arguments.count > 2 ? Int(arguments[2]) ?? 60 : 60
        configuration.anchor = Fingerprint.anchor
    }
    server = try await GraphSimulatorServer.start(configuration)
}
guard let server else { exit(1) }
let bearer = token(server)
// The fingerprint's stdout is the served bytes alone.
(mode == "fingerprint" ? FileHandle.standardError : FileHandle.standardOutput).write(Data("start: \(users) users in \(startup), RSS \(String(format: "%.1f", residentMegabytes().current)) MB (before: \(String(format: "%.1f", before.current)) MB)\n".utf8))

switch mode {
case "startup":
    let client = LoadClient(port: UInt16(server.port))!
    var pages = 0
    var bytes = 0
    var path: String? = "/v1.0/users?$top=999"
    let paging = clock.measure {
        while let next = path {
            // Follow nextLinks: fetch the page again through URLSession-free parsing of the body.
            guard let result = client.getBody(requestBytes(next, token: bearer)) else { path = nil; break }
            pages += 1
            bytes += result.count
            path = LoadClient.nextLinkPath(result, base: server.baseURL)
        }
    }
    let memory = residentMegabytes()
    print("paged /users: \(pages) pages, \(bytes) bytes in \(paging); RSS \(String(format: "%.1f", memory.current)) MB, peak \(String(format: "%.1f", memory.peak)) MB")
case "rate":
    let connections = arguments.count > 2 ? Int(arguments[2]) ?? 4 : 4
    let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 5 : 5
    let path = arguments.count > 4 ? arguments[4] : "/v1.0/users/\(server.tenant.user(at: 42).id)?$select=id,displayName"
    // `{mailbox}` stands for users with a mailbox, one per connection.
    let mailboxes = server.tenant.mailboxUserIndexes().prefix(connections).map { server.tenant.user(at: $0).id }
    let counts = Mutex([Int](repeating: 0, count: connections))
    let deadline = Date().addingTimeInterval(seconds)
    let group = DispatchGroup()
    let started = Date()
    for connection in 0..<connections {
        group.enter()
        Thread.detachNewThread {
            let client = LoadClient(port: UInt16(server.port))!
            let request = requestBytes(path.replacingOccurrences(of: "{mailbox}", with: mailboxes[connection % mailboxes.count]), token: bearer)
            var count = 0
            while Date() < deadline {
                guard let result = client.get(request), result.status == 200 else { break }
                count += 1
            }
            counts.withLock { $0[connection] = count }
            group.leave()
        }
    }
    group.wait()
    let elapsed = Date().timeIntervalSince(started)
    let total = counts.withLock { $0.reduce(0, +) }
    print("rate: \(total) requests over \(connections) connections in \(String(format: "%.2f", elapsed)) s = \(Int(Double(total) / elapsed)) requests/s (\(path))")
    print("counters: \(server.counters.totalRequests) requests counted, RSS \(String(format: "%.1f", residentMegabytes().current)) MB")
case "fingerprint":
    Fingerprint(server: server, bearer: bearer).run()
default:
    print("usage: simulator-bench startup USERS | rate USERS CONNECTIONS SECONDS [PATH] | fingerprint USERS MESSAGES_PER_USER")
}
await server.stop()
