import FerryTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// The tests' Hummingbird server on 127.0.0.1, shared with the other test targets.
typealias TestServer = LoopbackServer

/// A request context that knows the client's port, so tests can tell connections apart.
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's source port: one value per TCP connection.
    let peerPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port
    }
}

/// A thread-safe counter and log the route handlers and the test share.
final class Recorder: Sendable {
    private let state = Mutex<(count: Int, values: [String])>((0, []))

    /// Adds one and returns the new count.
    @discardableResult
    func next(_ value: String = "") -> Int {
        state.withLock { state in
            state.count += 1
            state.values.append(value)
            return state.count
        }
    }

    var count: Int { state.withLock { $0.count } }
    var values: [String] { state.withLock { $0.values } }
}

extension Response {
    static func text(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
