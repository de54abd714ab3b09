import FerryTestSupport
import Foundation
import Testing

@testable import FerryState

@Suite struct RunLockTests {
    let directory: TemporaryDirectory
    let store: StateStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try StateStore(path: directory.path(".ferry/state.sqlite"))
    }

    @Test func excludesASecondHolderInThisProcessUntilReleased() throws {
        let first = try #require(try store.acquireRunLock(pipeline: "daily"))
        #expect(first.isHeld)
        #expect(first.path == directory.path(".ferry/locks/daily.lock"))
        #expect(try store.acquireRunLock(pipeline: "daily") == nil)
        let other = try #require(try store.acquireRunLock(pipeline: "weekly"))
        // Another store on the same database is another holder too.
        let secondStore = try StateStore(path: store.path)
        #expect(try secondStore.acquireRunLock(pipeline: "daily") == nil)
        first.release()
        #expect(!first.isHeld)
        first.release()
        // A child process that another test forks at this moment holds a copy of the descriptor until it
        // execs (O_CLOEXEC then closes it), so allow the release a moment to take effect.
        var again: RunLock?
        for _ in 0..<50 where again == nil {
            again = try secondStore.acquireRunLock(pipeline: "daily")
            if again == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(again != nil)
        other.release()
    }

    @Test func releasedWhenTheLockObjectGoesAway() throws {
        do {
            let lock = try store.acquireRunLock(pipeline: "daily")
            #expect(lock != nil)
        }
        #expect(try store.acquireRunLock(pipeline: "daily") != nil)
    }

    @Test func excludesAnotherProcess() async throws {
        let lock = try #require(try store.acquireRunLock(pipeline: "daily"))
        let probe = ["-n", "-E", "75", lock.path, "/bin/true"]
        #expect((try await Program.run("/usr/bin/flock", probe)).status == 75)
        lock.release()
        #expect((try await Program.run("/usr/bin/flock", probe)).status == 0)
    }

    @Test func anotherProcessExcludesUsUntilItDies() async throws {
        let lockPath = directory.path(".ferry/locks/daily.lock")
        try FileManager.default.createDirectory(
            atPath: directory.path(".ferry/locks"), withIntermediateDirectories: true)
        let script = """
            import fcntl, sys, time
            f = open(sys.argv[1], "a")
            fcntl.flock(f, fcntl.LOCK_EX)
            print("locked", flush=True)
            time.sleep(900)  # killed by the test; long enough for a loaded machine
            """
        let child = try Program.Child("/usr/bin/env", ["python3", "-c", script, lockPath])
        #expect(try await child.waitForLine("locked"))
        #expect(try store.acquireRunLock(pipeline: "daily") == nil)
        await child.killAndWait()
        #expect(try store.acquireRunLock(pipeline: "daily") != nil)
    }

    @Test func pipelineNamesMapToDistinctSafeFiles() throws {
        #expect(StateStore.lockFileName("daily-export_v2.1") == "daily-export_v2.1.lock")
        #expect(StateStore.lockFileName("a/b") == "a%2Fb.lock")
        #expect(StateStore.lockFileName("a%2Fb") == "a%252Fb.lock")
        #expect(StateStore.lockFileName("..") == "...lock")
        let slash = try #require(try store.acquireRunLock(pipeline: "a/b"))
        let escaped = try #require(try store.acquireRunLock(pipeline: "a%2Fb"))
        #expect(slash.path != escaped.path)
        #expect(throws: StateError.self) { try store.acquireRunLock(pipeline: "") }
    }
}
