import Foundation

/// A fresh directory under the system's temporary directory, for one test.
///
/// Removed by `remove()`, or when the last reference goes; tests call `remove()` in a `defer` so that the
/// directory outlives every use of its URL, whatever the optimizer does with the object's lifetime.
public final class TemporaryDirectory: Sendable {
    public let url: URL
    /// The directory's path.
    public var path: String { url.path(percentEncoded: false) }

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appending(path: "ferry-test-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Every file under the directory, as paths relative to it, sorted.
    public func allFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files.sorted()
    }
}
