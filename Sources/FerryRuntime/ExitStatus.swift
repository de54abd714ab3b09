import FerryConfig
import FerryGraph

/// Ferry's exit codes: part of its contract, since orchestrators act on them (a Kubernetes Job's
/// `podFailurePolicy` fails an index at once on a configuration or permission error and retries the rest).
///
/// | code | meaning | retry? |
/// |---|---|---|
/// | 0 | success | |
/// | 1 | the run failed after its retries (Graph kept failing, a disk error, ...) | yes |
/// | 2 | configuration error: the pipeline or schema files, environment variables, flags | no |
/// | 3 | `ferry analyze` refused its input (privacy: no or mixed pseudonym keys) | no |
/// | 4 | authentication or permission error: the credentials were refused, or a permission is missing | no |
/// | 5 | interrupted (SIGINT, SIGTERM) at a checkpoint: running it again continues the run | yes |
/// | 6 | `ferry verify` found the export incomplete or inconsistent | after the missing shards ran |
/// | 64 | the command line itself is wrong (unknown option, missing argument) | no |
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case failed = 1
    case configuration = 2
    case inputRefused = 3
    case authentication = 4
    case interrupted = 5
    case incomplete = 6
    case usage = 64

    /// One line for `--help` and the README.
    public var meaning: String {
        switch self {
        case .success: "success"
        case .failed: "the run failed after its retries (Graph kept failing, a disk error): retrying may succeed"
        case .configuration: "configuration error (pipeline or schema file, environment variable, option): fix it first"
        case .inputRefused: "ferry analyze refused its input (no or mixed pseudonym keys)"
        case .authentication: "authentication or permission error: credentials refused or a permission missing"
        case .interrupted: "interrupted (SIGINT, SIGTERM): running it again continues from the last checkpoint"
        case .incomplete: "ferry verify found the export incomplete or inconsistent"
        case .usage: "the command line is wrong (unknown option, missing argument)"
        }
    }

    /// The exit status a failed run or command ends with.
    public static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case let error as RunError: error.stopped ? .interrupted : error.status
        case is ConfigErrors, is ShardError, is ClientCertificateError: .configuration
        case let error as TokenError: error.isRetryable ? .failed : .authentication
        case is AccessDeniedError, is BodyTextPermissionError: .authentication
        case let error as GraphResponseError: [401, 403].contains(error.status) ? .authentication : .failed
        case let error as GraphRequestError: authenticationFailure(error) ? .authentication : .failed
        default: .failed
        }
    }

    /// Graph refused the token again after a fresh one, or the token endpoint refused the credentials:
    /// a request fails for `.token` only when the token error is not worth retrying (a network error or
    /// a 5xx at the token endpoint is retried, and ends as attempts exhausted).
    private static func authenticationFailure(_ error: GraphRequestError) -> Bool {
        switch error.reason {
        case .unauthorized, .token: true
        default: error.status == 403
        }
    }
}

/// The exit codes as the README and `--help` list them.
extension ExitStatus {
    public static var table: String {
        allCases.map { "  \($0.rawValue)  \($0.meaning)" }.joined(separator: "\n")
    }
}
