import CCurl

/// One libcurl easy handle and the state of the transfer it runs.
///
/// Lives on `CurlMultiLoop`'s thread only. libcurl calls back into it through the userdata pointer
/// given with CURLOPT_WRITEDATA, CURLOPT_HEADERDATA and CURLOPT_PRIVATE; that pointer is unretained
/// because the loop keeps every transfer alive while its handle is attached. Callbacks never throw:
/// a failure is stored in `abortError` and the callback returns 0, which makes libcurl abort.
/// Handles are reused after `reset()`, so their buffers and DNS results are allocated once.
final class CurlEasyTransfer {
    /// Bodies larger than this abort the transfer; Graph pages are a few MB at most.
    static let maxBodyBytes = 512 * 1024 * 1024
    /// Content-Length is trusted for pre-allocation only up to this much.
    static let maxReservedBytes = 64 * 1024 * 1024

    /// The easy handle; the loop passes it to curl_multi_add_handle/remove_handle and nothing else.
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?

    private(set) var id: UInt64 = 0
    private(set) var method = ""
    private(set) var url = ""
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var responseHeaders: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    private var abortError: TransportError?

    init() throws(TransportError) {
        guard let handle = curl_easy_init() else {
            throw TransportError(kind: .other, method: "", url: "", detail: "curl_easy_init failed (out of memory?)")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(ferry_curl_error_size))
        errorBuffer.initialize(repeating: 0, count: Int(ferry_curl_error_size))
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The transfer whose handle is `easy`, found through CURLINFO_PRIVATE.
    static func owning(_ easy: UnsafeMutableRawPointer) -> CurlEasyTransfer? {
        var pointer: UnsafeMutableRawPointer?
        guard ferry_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer) == CURLE_OK, let pointer
        else { return nil }
        return Unmanaged<CurlEasyTransfer>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Sets every option for `request`; the handle is then ready for curl_multi_add_handle.
    func prepare(
        id: UInt64, request: HTTPRequest, userAgent: String, limits: TransferLimits,
        continuation: CheckedContinuation<HTTPResponse, any Error>
    ) throws(TransportError) {
        self.id = id
        self.method = request.method
        self.url = request.url
        self.continuation = continuation
        errorBuffer[0] = 0
        let me = Unmanaged.passUnretained(self).toOpaque()
        let timeoutMs = Self.milliseconds(request.timeout ?? limits.deadline)

        try check(ferry_curl_easy_setopt_string(handle, CURLOPT_URL, request.url), "URL")
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me), "PRIVATE")
        // Signals are process-wide; a library must not install handlers for its timeouts.
        try check(ferry_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        // Redirects are not followed, and no other scheme can ever be spoken.
        try check(ferry_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS_STR")
        // "" offers every encoding libcurl decodes (gzip, deflate, br, zstd) and decodes the body.
        try check(ferry_curl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")
        try check(ferry_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMs), "TIMEOUT_MS")
        try check(ferry_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMs, 30_000)), "CONNECTTIMEOUT_MS")
        // A server that drips bytes is cut off long before the deadline.
        if limits.lowSpeedBytesPerSecond > 0 {
            let seconds = max(1, (Self.milliseconds(limits.lowSpeedTime) + 999) / 1000)
            let bytes = limits.lowSpeedBytesPerSecond
            try check(ferry_curl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, bytes), "LOW_SPEED_LIMIT")
            try check(ferry_curl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, seconds), "LOW_SPEED_TIME")
        }
        try check(ferry_curl_easy_setopt_string(handle, CURLOPT_USERAGENT, userAgent), "USERAGENT")
        // Waiting for an HTTP/2 connection to multiplex on beats opening one more.
        try check(ferry_curl_easy_setopt_long(handle, CURLOPT_PIPEWAIT, 1), "PIPEWAIT")
        try check(ferry_curl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")

        try check(ferry_curl_easy_setopt_write_function(handle) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlEasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }, "WRITEFUNCTION")
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me), "WRITEDATA")
        try check(ferry_curl_easy_setopt_header_function(handle) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlEasyTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }, "HEADERFUNCTION")
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me), "HEADERDATA")

        try setMethodAndBody(request)
        try setHeaders(request.headers)
    }

    private func setMethodAndBody(_ request: HTTPRequest) throws(TransportError) {
        switch request.method {
        case "GET" where request.body == nil:
            try check(ferry_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "HTTPGET")
        case "HEAD" where request.body == nil:
            try check(ferry_curl_easy_setopt_long(handle, CURLOPT_NOBODY, 1), "NOBODY")
        case "POST":
            break
        default:
            try check(ferry_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method), "CUSTOMREQUEST")
        }
        guard request.method == "POST" || request.body != nil else { return }
        let body = request.body ?? []
        try check(ferry_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "POSTFIELDSIZE_LARGE")
        // COPYPOSTFIELDS copies the bytes, so the array need not outlive this call.
        if body.isEmpty {
            try check(ferry_curl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""), "COPYPOSTFIELDS")
        } else {
            let code = body.withUnsafeBytes { bytes in
                ferry_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            try check(code, "COPYPOSTFIELDS")
        }
    }

    private func setHeaders(_ headers: [(name: String, value: String)]) throws(TransportError) {
        // "Expect:" stops libcurl from waiting for 100-continue before large bodies.
        var lines = ["Expect:"]
        for header in headers {
            // "Name;" is libcurl's spelling of a header with an empty value ("Name:" would remove it).
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw failure(.other, "out of memory building the header list")
            }
            headerList = list
        }
        try check(ferry_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    // MARK: - Callbacks (C calls these; they must not throw)

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= Self.maxBodyBytes else {
            abortError = failure(.responseTooLarge, "the body passed \(Self.maxBodyBytes / 1_048_576) MB")
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            // A new status line (after 100 Continue, say): only the final response's headers count.
            responseHeaders.removeAll(keepingCapacity: true)
            return bytes.count
        }
        guard let colon = line.firstIndex(of: ":") else { return bytes.count }
        let name = line[..<colon].trimmingWhitespace().lowercased()
        let value = String(line[line.index(after: colon)...].trimmingWhitespace())
        if name == "content-length", let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, Self.maxReservedBytes))
        }
        responseHeaders.append((name: name, value: value))
        return bytes.count
    }

    // MARK: - Completion

    /// The outcome once libcurl reports the transfer done with `code`; takes the body without copying.
    func finish(_ code: CURLcode) -> Result<HTTPResponse, TransportError> {
        if let abortError { return .failure(abortError) }
        guard code == CURLE_OK else { return .failure(curlFailure(code)) }
        var status = 0
        guard ferry_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK else {
            return .failure(failure(.other, "libcurl did not report a status code"))
        }
        let response = HTTPResponse(status: status, headers: responseHeaders, body: body)
        body = []
        responseHeaders = []
        return .success(response)
    }

    /// Hands over the waiting caller exactly once.
    func takeContinuation() -> CheckedContinuation<HTTPResponse, any Error>? {
        defer { continuation = nil }
        return continuation
    }

    /// Clears every option and all per-transfer state so the handle can serve another request.
    func reset() {
        curl_easy_reset(handle)
        curl_slist_free_all(headerList)
        headerList = nil
        id = 0
        continuation = nil
        responseHeaders = []
        body = []
        abortError = nil
    }

    // MARK: - Errors

    private func check(_ code: CURLcode, _ option: String) throws(TransportError) {
        guard code == CURLE_OK else {
            throw failure(.other, "setting CURLOPT_\(option): \(String(cString: curl_easy_strerror(code)))", code: code)
        }
    }

    private func failure(_ kind: TransportError.Kind, _ detail: String, code: CURLcode? = nil) -> TransportError {
        TransportError(kind: kind, method: method, url: url, detail: detail, curlCode: code.map { Int($0.rawValue) })
    }

    private func curlFailure(_ code: CURLcode) -> TransportError {
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        return failure(Self.kind(of: code), detail, code: code)
    }

    static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR, CURLE_SSL_CONNECT_ERROR:
            // A TLS handshake cut off mid-way is a network failure; a bad certificate is not.
            .connectionFailed
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_PARTIAL_FILE:
            .partialBody
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            .tls
        case CURLE_WEIRD_SERVER_REPLY, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_CONTENT_ENCODING:
            // `RequestValidation` lets only http(s) URLs through, so an unsupported protocol here is the
            // server's reply: a status line that is not HTTP, often a previous answer's bytes beyond its
            // Content-Length, read as the start of this one.
            .malformedResponse
        case CURLE_URL_MALFORMAT:
            .badURL
        default:
            .other
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1 }
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow || ms.partialValue > Int64(Int32.max) { return Int(Int32.max) }
        return max(1, Int(ms.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
