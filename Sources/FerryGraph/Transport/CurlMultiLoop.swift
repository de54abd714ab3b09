import CCurl
import Foundation
import Synchronization

/// The thread that owns libcurl's multi handle and drives every transfer on it.
///
/// Callers on any thread `submit` and `cancel` under a lock and wake the thread with
/// curl_multi_wakeup; the thread starts new transfers, calls curl_multi_perform, hands finished
/// transfers back to their continuations, then sleeps in curl_multi_poll. The multi handle keeps
/// the connection cache, so connections are reused across requests.
// @unchecked Sendable: `multi`, `running` and `idle` are touched only on the loop thread. The one
// call made from other threads is curl_multi_wakeup, which libcurl documents as thread-safe; it is
// made under `commands`' lock and only while `stopped` is false, i.e. before curl_multi_cleanup.
final class CurlMultiLoop: @unchecked Sendable {
    /// A transfer waiting for the loop to start it.
    struct Submission: Sendable {
        var id: UInt64
        var request: HTTPRequest
        var continuation: CheckedContinuation<HTTPResponse, any Error>
    }

    private struct Commands {
        var submissions: [Submission] = []
        var cancellations: [UInt64] = []
        var wakeupPending = false
        var shutdownRequested = false
        /// Set under the lock just before curl_multi_cleanup: no wakeup may follow.
        var stopped = false
        /// Set once everything is released; shutdown waiters arriving later return at once.
        var finished = false
        var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private static let globalInit: CURLcode = ferry_curl_global_init()

    private let multi: UnsafeMutableRawPointer
    private let userAgent: String
    private let limits: TransferLimits
    private let maxIdleHandles: Int
    private let commands = Mutex(Commands())

    private var running: [UInt64: CurlEasyTransfer] = [:]
    private var idle: [CurlEasyTransfer] = []

    init(maxConnections: Int, userAgent: String, limits: TransferLimits) throws(TransportError) {
        func setupFailure(_ detail: String) -> TransportError {
            TransportError(kind: .other, method: "", url: "", detail: detail)
        }
        guard Self.globalInit == CURLE_OK else { throw setupFailure("curl_global_init failed") }
        guard let multi = curl_multi_init() else { throw setupFailure("curl_multi_init failed (out of memory?)") }
        let limit = max(1, maxConnections)
        for option in [CURLMOPT_MAX_HOST_CONNECTIONS, CURLMOPT_MAX_TOTAL_CONNECTIONS, CURLMOPT_MAXCONNECTS] {
            let code = ferry_curl_multi_setopt_long(multi, option, limit)
            guard code == CURLM_OK else {
                curl_multi_cleanup(multi)
                throw setupFailure("curl_multi_setopt: \(String(cString: curl_multi_strerror(code)))")
            }
        }
        self.multi = multi
        self.userAgent = userAgent
        self.limits = limits
        self.maxIdleHandles = limit
    }

    /// Starts the loop on its own thread; it runs until `requestShutdown`.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "ferry-curl"
        thread.start()
    }

    // MARK: - Any thread

    /// Queues a transfer; fails it at once if the transport is shut down or the task is cancelled.
    func submit(_ submission: Submission) {
        let refusal: (any Error)? = commands.withLock { state in
            if state.shutdownRequested { return shutdownError(submission.request) }
            // Checked under the lock: a cancellation handler that runs after this line queues its
            // cancellation behind this submission, so the loop always sees them in that order.
            if Task.isCancelled { return CancellationError() }
            state.submissions.append(submission)
            wake(&state)
            return nil
        }
        if let refusal { submission.continuation.resume(throwing: refusal) }
    }

    /// Asks the loop to abandon transfer `id`; its caller gets CancellationError.
    func cancel(_ id: UInt64) {
        commands.withLock { state in
            guard !state.shutdownRequested else { return }
            state.cancellations.append(id)
            wake(&state)
        }
    }

    /// Asks the loop to fail every transfer and stop, without waiting.
    func requestShutdown() {
        commands.withLock { state in
            guard !state.shutdownRequested else { return }
            state.shutdownRequested = true
            wake(&state)
        }
    }

    /// Asks the loop to stop and waits until it has released libcurl.
    func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let done: Bool = commands.withLock { state in
                if state.finished { return true }
                state.shutdownWaiters.append(waiter)
                if !state.shutdownRequested {
                    state.shutdownRequested = true
                    wake(&state)
                }
                return false
            }
            if done { waiter.resume() }
        }
    }

    private func wake(_ state: inout Commands) {
        guard !state.wakeupPending, !state.stopped else { return }
        state.wakeupPending = true
        curl_multi_wakeup(multi)
    }

    private func shutdownError(_ request: HTTPRequest) -> TransportError {
        TransportError(kind: .shutdown, method: request.method, url: request.url, detail: "the transport was shut down")
    }

    // MARK: - Loop thread

    private func run() {
        while true {
            let (submissions, cancellations, stopping) = commands.withLock { state in
                state.wakeupPending = false
                defer {
                    state.submissions.removeAll(keepingCapacity: true)
                    state.cancellations.removeAll(keepingCapacity: true)
                }
                return (state.submissions, state.cancellations, state.shutdownRequested)
            }
            if stopping { break }
            for submission in submissions { begin(submission) }
            for id in cancellations { abandon(id) }
            var active: Int32 = 0
            curl_multi_perform(multi, &active)
            collectFinished()
            // Returns early on curl's own timers, socket activity or curl_multi_wakeup.
            if curl_multi_poll(multi, nil, 0, 1000, nil) != CURLM_OK {
                // Never expected; pausing keeps a broken poll from spinning a core.
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        stop()
    }

    private func begin(_ submission: Submission) {
        let transfer: CurlEasyTransfer
        do {
            transfer = try idle.popLast() ?? CurlEasyTransfer()
            try transfer.prepare(
                id: submission.id, request: submission.request, userAgent: userAgent, limits: limits,
                continuation: submission.continuation)
        } catch {
            submission.continuation.resume(throwing: error)
            return
        }
        let code = curl_multi_add_handle(multi, transfer.handle)
        guard code == CURLM_OK else {
            let continuation = transfer.takeContinuation()
            recycle(transfer)
            continuation?.resume(throwing: TransportError(
                kind: .other, method: submission.request.method, url: submission.request.url,
                detail: "curl_multi_add_handle: \(String(cString: curl_multi_strerror(code)))"))
            return
        }
        running[submission.id] = transfer
    }

    private func abandon(_ id: UInt64) {
        // Unknown ids belong to transfers that finished before the cancellation arrived.
        guard let transfer = running.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.handle)
        let continuation = transfer.takeContinuation()
        recycle(transfer)
        continuation?.resume(throwing: CancellationError())
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // The message is freed by curl_multi_remove_handle: read it first.
            let code = message.pointee.data.result
            guard let transfer = CurlEasyTransfer.owning(easy) else {
                curl_multi_remove_handle(multi, easy)
                continue
            }
            curl_multi_remove_handle(multi, easy)
            running.removeValue(forKey: transfer.id)
            let result = transfer.finish(code)
            let continuation = transfer.takeContinuation()
            recycle(transfer)
            continuation?.resume(with: result.mapError { $0 as any Error })
        }
    }

    private func recycle(_ transfer: CurlEasyTransfer) {
        transfer.reset()
        if idle.count < maxIdleHandles { idle.append(transfer) }
    }

    private func stop() {
        let submissions = commands.withLock { state in
            state.stopped = true
            defer { state.submissions = [] }
            return state.submissions
        }
        for submission in submissions {
            submission.continuation.resume(throwing: shutdownError(submission.request))
        }
        for transfer in running.values {
            curl_multi_remove_handle(multi, transfer.handle)
            let continuation = transfer.takeContinuation()
            continuation?.resume(throwing: TransportError(
                kind: .shutdown, method: transfer.method, url: transfer.url, detail: "the transport was shut down"))
        }
        running = [:]
        idle = []
        curl_multi_cleanup(multi)
        let waiters = commands.withLock { state in
            state.finished = true
            defer { state.shutdownWaiters = [] }
            return state.shutdownWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
