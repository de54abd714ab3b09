import FerryConfig
import FerryCore
import Foundation

/// The repository's schema files (`schemas/*.yaml`), read by FerryConfig's own reader, so that the
/// projection tests run against the real datasets exactly as a pipeline sees them.
enum SchemaFiles {
    struct Unknown: Error, CustomStringConvertible {
        let description: String
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas")

    /// The schema of dataset `name`.
    static func schema(_ name: String) throws -> DatasetSchema {
        guard let schema = try SchemaCatalog(directory: directory).schema(named: name) else {
            throw Unknown(description: "no schema '\(name)' in \(directory.path)")
        }
        return schema
    }
}
