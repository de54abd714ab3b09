import Foundation

/// Reads a pipeline or schema file's text, refusing what is not a regular file of a sensible size.
///
/// `ferry schedule` reads whatever lands in its directory: opening a FIFO would block forever and a
/// huge file would be read whole, so the file's type and size are checked before it is opened, and
/// the read stops past the limit should the file grow meanwhile.
enum ConfigFile {
    /// The text of `url`, or what is wrong with it, naming the file as `what` ("pipeline file").
    static func read(_ url: URL, what: String) -> Result<String, ConfigFileProblem> {
        let path = url.resolvingSymlinksInPath().path
        let limit = YAMLLimits.maximumBytes
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(ConfigFileProblem("cannot read the \(what): it does not exist or is not readable"))
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            return .failure(ConfigFileProblem("cannot read the \(what): it is not a regular file"))
        }
        let tooLarge = ConfigFileProblem("the \(what) is larger than \(limit / 1024) KB, far more than any needs")
        if let size = attributes[.size] as? NSNumber, size.intValue > limit { return .failure(tooLarge) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ConfigFileProblem("cannot read the \(what): it does not exist or is not readable"))
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            return .failure(ConfigFileProblem("cannot read the \(what): it does not exist or is not readable"))
        }
        guard data.count <= limit else { return .failure(tooLarge) }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigFileProblem("the \(what) is not valid UTF-8 text"))
        }
        return .success(text)
    }
}

/// Why a configuration file could not be read.
struct ConfigFileProblem: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
