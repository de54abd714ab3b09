import Testing

@testable import FerryGraph

/// The retry rules, checked without any network.
@Suite("RetryStateMachine")
struct RetryStateMachineTests {
    static func response(_ status: Int, retryAfter: String? = nil, code: String? = nil) -> FerryGraph.HTTPResponse {
        let body = code.map { #"{"error":{"code":"\#($0)","message":"m"}}"# } ?? ""
        return FerryGraph.HTTPResponse(
            status: status, headers: retryAfter.map { [("retry-after", $0)] } ?? [], body: Array(body.utf8))
    }

    static func machine(_ attempts: Int = 4) -> RetryStateMachine {
        RetryStateMachine(method: "GET", url: "https://graph.microsoft.com/v1.0/users?$skiptoken=abc", maxAttempts: attempts)
    }

    @Test func successAndOtherStatusesAreDelivered() {
        for status in [200, 204, 400, 403, 404, 409, 410] {
            var machine = Self.machine()
            guard case .deliver(let response) = machine.received(Self.response(status)) else {
                Issue.record("status \(status) was not delivered")
                continue
            }
            #expect(response.status == status)
        }
    }

    @Test func throttlingHonoursRetryAfterElseBacksOff() {
        var machine = Self.machine()
        guard case .retry(.retryAfter(let wait), throttled: true) = machine.received(Self.response(429, retryAfter: "0.2"))
        else { Issue.record("429 with Retry-After"); return }
        #expect(wait == .milliseconds(200))
        guard case .retry(.backoff(attempt: 2), throttled: true) = machine.received(Self.response(503)) else {
            Issue.record("503 without Retry-After"); return
        }
        guard case .retry(.backoff(attempt: 3), throttled: false) = machine.received(Self.response(502)) else {
            Issue.record("502"); return
        }
        // The 429 with Retry-After was Graph scheduling the request, not a failed attempt.
        guard case .retry(.backoff(attempt: 4), throttled: false) = machine.received(Self.response(500)) else {
            Issue.record("a fourth attempt"); return
        }
        guard case .fail(let error) = machine.received(Self.response(500, code: "generalException")) else {
            Issue.record("attempts should be exhausted"); return
        }
        #expect(error.reason == .attemptsExhausted)
        #expect(error.attempts == 4)
        #expect(error.status == 500)
        #expect(error.code == "generalException")
        #expect(!error.description.contains("abc"))
    }

    @Test func retryAfterWaitsHaveTheirOwnLargerAllowance() {
        var machine = Self.machine()
        let allowance = machine.maxAttempts * RetryStateMachine.throttledWaitsPerAttempt
        for _ in 0..<allowance {
            guard case .retry(.retryAfter, throttled: true) = machine.received(Self.response(429, retryAfter: "0.1")) else {
                Issue.record("a scheduled wait within the allowance"); return
            }
        }
        guard case .fail(let error) = machine.received(Self.response(429, retryAfter: "0.1")) else {
            Issue.record("the allowance should run out"); return
        }
        #expect(error.reason == .attemptsExhausted)
    }

    @Test func aRetryAfterPastTheCapFailsAtOnce() {
        var machine = RetryStateMachine(method: "GET", url: "https://graph.microsoft.com/v1.0/users", maxAttempts: 4, maxRetryAfter: .seconds(300))
        guard case .retry(.retryAfter(let wait), _) = machine.received(Self.response(429, retryAfter: "300")) else {
            Issue.record("a wait at the cap is obeyed"); return
        }
        #expect(wait == .seconds(300))
        guard case .fail(let error) = machine.received(Self.response(503, retryAfter: "301", code: "serviceNotAvailable")) else {
            Issue.record("a wait past the cap fails"); return
        }
        #expect(error.reason == .retryAfterTooLong)
        #expect(error.status == 503)
        #expect(error.description.contains("its Retry-After (301) asks for a wait of 301 s, longer than the 300 s allowed"))
    }

    @Test func one401RefreshesTheTokenASecondFails() {
        var machine = Self.machine()
        guard case .refreshToken = machine.received(Self.response(401, code: "InvalidAuthenticationToken")) else {
            Issue.record("first 401"); return
        }
        guard case .fail(let error) = machine.received(Self.response(401, code: "InvalidAuthenticationToken")) else {
            Issue.record("second 401"); return
        }
        #expect(error.reason == .unauthorized)
        #expect(error.code == "InvalidAuthenticationToken")
        #expect(error.description.contains("permissions"))
    }

    @Test func transportErrors() {
        var machine = Self.machine(2)
        let refused = TransportError(kind: .connectionFailed, method: "GET", url: "u", detail: "refused", curlCode: 7)
        guard case .retry(.backoff(attempt: 1), throttled: false) = machine.failed(refused) else {
            Issue.record("retryable transport error"); return
        }
        guard case .fail(let exhausted) = machine.failed(refused) else { Issue.record("exhausted"); return }
        #expect(exhausted.reason == .attemptsExhausted)
        #expect(exhausted.detail?.contains("refused") == true)

        var other = Self.machine()
        guard case .fail(let error) = other.failed(TransportError(kind: .tls, method: "GET", url: "u", detail: "cert"))
        else { Issue.record("TLS is final"); return }
        #expect(error.reason == .transport)
        #expect(error.attempts == 1)
    }
}
