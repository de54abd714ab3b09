#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal HTTP/1.1 keep-alive client on a blocking socket: sends one GET at a time and reads the
/// response by Content-Length. Light enough that the simulator, not the client, is what is measured.
final class LoadClient {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var pending: [UInt8] = []

    init?(port: UInt16) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
    }

    deinit { close(fd) }

    /// Sends a GET and returns its status, body length and, with `keepBody`, the body itself; nil if
    /// the connection failed. The body is copied only when asked for, so a rate loop stays light.
    func get(_ request: [UInt8], keepBody: Bool = false) -> (status: Int, bytes: Int, body: [UInt8]?)? {
        var sent = 0
        while sent < request.count {
            let written = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, 0) }
            guard written > 0 else { return nil }
            sent += written
        }
        // Read headers.
        var headerEnd: Int?
        while headerEnd == nil {
            if let end = Self.find(pending) { headerEnd = end; break }
            guard fill() else { return nil }
        }
        let (status, length) = Self.parseHead(pending[0..<headerEnd!])
        let total = headerEnd! + 4 + length
        while pending.count < total { guard fill() else { return nil } }
        let body = keepBody ? Array(pending[(headerEnd! + 4)..<total]) : nil
        pending.removeFirst(total)
        return (status, length, body)
    }

    private func fill() -> Bool {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        guard count > 0 else { return false }
        pending.append(contentsOf: buffer[0..<count])
        return true
    }

    /// The status code and Content-Length of a response head, read from its bytes.
    private static func parseHead(_ head: ArraySlice<UInt8>) -> (Int, Int) {
        var index = head.startIndex
        while index < head.endIndex, head[index] != 32 { index += 1 }
        var status = 0
        index += 1
        while index < head.endIndex, head[index] >= 48, head[index] <= 57 { status = status * 10 + Int(head[index] - 48); index += 1 }
        let key = Array("content-length:".utf8)
        var length = 0
        var line = head.startIndex
        while line < head.endIndex {
            var end = line
            while end < head.endIndex, head[end] != 13 { end += 1 }
            if end - line > key.count, zip(head[line..<(line + key.count)], key).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) {
                var digit = line + key.count
                while digit < end, head[digit] == 32 { digit += 1 }
                while digit < end, head[digit] >= 48, head[digit] <= 57 { length = length * 10 + Int(head[digit] - 48); digit += 1 }
            }
            line = end + 2
        }
        return (status, length)
    }

    private static func find(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension LoadClient {
    /// Sends a GET and returns the body bytes.
    func getBody(_ request: [UInt8]) -> [UInt8]? {
        guard let result = get(request, keepBody: true), result.status == 200 else { return nil }
        return result.body
    }

    /// The path and query of the page's `@odata.nextLink`, if any.
    static func nextLinkPath(_ body: [UInt8], base: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let link = object["@odata.nextLink"] as? String, link.hasPrefix(base)
        else { return nil }
        return String(link.dropFirst(base.count))
    }
}
