import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks a request before any byte is sent: a URL libcurl can parse, https (or http to loopback
/// only), and a method and headers without characters that would split the request.
///
/// The URL is parsed by libcurl's own URL parser, the one that will connect, so the host checked
/// here is the host dialled.
enum RequestValidation {
    static func check(_ request: HTTPRequest) throws(TransportError) {
        func refuse(_ kind: TransportError.Kind, _ detail: String) -> TransportError {
            TransportError(kind: kind, method: request.method, url: request.url, detail: detail)
        }
        guard isToken(request.method) else {
            throw refuse(.invalidRequest, "the method is not an HTTP token")
        }
        for header in request.headers {
            guard isToken(header.name) else {
                throw refuse(.invalidRequest, "the header name '\(header.name.prefix(40))' is not an HTTP token")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw refuse(.invalidRequest, "the value of header '\(header.name)' contains a line break")
            }
        }
        let (scheme, host) = try parse(request.url, refuse: refuse)
        switch scheme {
        case "https":
            return
        case "http":
            guard isLoopback(host) else {
                throw refuse(.insecureURL, "'\(host)' is not a loopback host")
            }
        default:
            throw refuse(.badURL, "the scheme '\(scheme)' is not http or https")
        }
    }

    /// The lower-cased scheme and host of `url` as libcurl reads them.
    private static func parse(
        _ url: String, refuse: (TransportError.Kind, String) -> TransportError
    ) throws(TransportError) -> (scheme: String, host: String) {
        guard let parsed = curl_url() else { throw refuse(.other, "curl_url failed (out of memory?)") }
        defer { curl_url_cleanup(parsed) }
        let code = curl_url_set(parsed, CURLUPART_URL, url, 0)
        guard code == CURLUE_OK else {
            throw refuse(.badURL, "libcurl cannot parse it: \(String(cString: curl_url_strerror(code)))")
        }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(parsed, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value).lowercased()
        }
        guard let scheme = part(CURLUPART_SCHEME), let host = part(CURLUPART_HOST), !host.isEmpty else {
            throw refuse(.badURL, "it has no scheme or no host")
        }
        return (scheme, host)
    }

    /// localhost, 127.0.0.0/8 or ::1.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        if name.hasPrefix("["), name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
            var address = in6_addr()
            guard inet_pton(AF_INET6, name, &address) == 1 else { return false }
            return withUnsafeBytes(of: &address) { bytes in
                bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1
            }
        }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.compactMap { $0.allSatisfy(\.isASCIIDigit) && $0.count <= 3 ? Int($0) : nil }
        return values.count == 4 && values.allSatisfy { $0 <= 255 } && values[0] == 127
    }

    /// RFC 9110 token: visible ASCII except separators.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
