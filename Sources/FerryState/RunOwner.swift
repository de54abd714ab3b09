import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that runs a run: host, process id, and a token drawn once per process.
///
/// The token tells this process apart from an earlier one that had the same pid, which is common in
/// containers where the tool is restarted as the same low pid.
struct RunOwner: Sendable, Hashable {
    var host: String
    var pid: Int32
    var instance: String

    static let current = RunOwner(
        host: ProcessInfo.processInfo.hostName, pid: getpid(), instance: UUID().uuidString)

    /// Whether this owner is certainly gone: another process on this host whose pid no longer exists.
    ///
    /// Another host's process cannot be probed, so it is never reported gone here.
    var isGoneOnThisHost: Bool {
        let current = RunOwner.current
        guard host == current.host else { return false }
        if pid == current.pid { return instance != current.instance }
        return !RunOwner.processExists(pid)
    }

    private static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        // Signal 0 probes without sending; EPERM means it exists under another user.
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
