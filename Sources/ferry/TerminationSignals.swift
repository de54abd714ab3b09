import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a call of `handler`, so long-running commands stop gracefully.
///
/// Keep the returned sources alive while the command runs, and cancel them when it is done.
func trapTerminationSignals(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
        source.setEventHandler(handler: handler)
        source.resume()
        return source
    }
}
