import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How many processors this process may run on: its CPU affinity where the system has one (so that
/// `taskset -c 0` means one writer lane, one transport loop), else the processors that are online.
///
/// Foundation's `activeProcessorCount` counts the online processors whatever the affinity says.
public enum UsableProcessors {
    public static var count: Int {
        #if os(Linux)
            if let allowed = affinityCount(), allowed > 0 { return allowed }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    #if os(Linux)
        private typealias GetAffinity = @convention(c) (Int32, Int, UnsafeMutableRawPointer?) -> Int32

        /// Glibc declares `sched_getaffinity` only under `_GNU_SOURCE`, which Swift's Glibc module does
        /// not set, so it is looked up at run time, as `renameat2` is by FerryLoad.
        private static func affinityCount() -> Int? {
            guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sched_getaffinity") else { return nil }
            let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
            var mask = [UInt64](repeating: 0, count: 16)  // 1,024 processors, glibc's cpu_set_t
            let result = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress) }
            guard result == 0 else { return nil }
            return mask.reduce(0) { $0 + $1.nonzeroBitCount }
        }
    #endif
}
