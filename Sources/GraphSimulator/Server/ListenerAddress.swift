import Foundation

/// The base URL of the running listener, known only once the port is bound but needed by every response.
///
/// `@unchecked Sendable` is sound: the one mutable field is only read and written under `lock`.
final class ListenerAddress: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String

    init(baseURL: String) {
        value = baseURL
    }

    var baseURL: String {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set(baseURL: String) {
        lock.lock()
        value = baseURL
        lock.unlock()
    }

    /// `http://host:port`, with an IPv6 host in brackets.
    static func baseURL(host: String, port: Int) -> String {
        let needsBrackets = host.contains(":") && !host.hasPrefix("[")
        return "http://" + (needsBrackets ? "[\(host)]" : host) + ":\(port)"
    }
}
