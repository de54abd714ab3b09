import FerryTestSupport
import Foundation
import Testing

@testable import FerryConfig

/// A temporary folder for pipeline and schema files, removed when the fixture goes away.
final class Fixture {
    private let temporary: TemporaryDirectory
    var directory: URL { temporary.url }

    init() throws {
        temporary = try TemporaryDirectory()
    }

    /// Writes `text` to `name` (which may contain folders) and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The repository root, found from this file even when the test target is a symlink.
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The real schema files the pipelines use.
    static let schemas = repository.appendingPathComponent("schemas", isDirectory: true)

    /// Variables the fixtures' `${...}` read.
    static let environment = [
        "SECRET": "s3cret-value-never-shown",
        "PSEUDONYM_KEY": "0123456789abcdef0123456789abcdef",
    ]

    /// A small valid pipeline that tests extend or break.
    static let minimal = """
        name: test
        source:
          tenant: contoso
          client_id: app
          client_secret: ${SECRET}
        datasets:
          - dataset: users
          - dataset: messages
        """

    /// The diagnostics for `yaml` written as `pipeline.yaml`, read against the repository's schemas.
    static func diagnostics(
        _ yaml: String, environment: [String: String] = Fixture.environment
    ) throws -> [ConfigDiagnostic] {
        let fixture = try Fixture()
        let file = try fixture.write("pipeline.yaml", yaml)
        return PipelineLoader(environment: environment, schemaDirectory: schemas).validate(file)
    }

    /// The messages alone, with `line:column` in front, for exact comparisons.
    static func messages(_ yaml: String, environment: [String: String] = Fixture.environment) throws -> [String] {
        try diagnostics(yaml, environment: environment).map { "\($0.line):\($0.column): \($0.message)" }
    }

    /// The pipeline in `yaml`, loaded against the repository's schemas.
    static func load(_ yaml: String, environment: [String: String] = Fixture.environment) throws -> Pipeline {
        let fixture = try Fixture()
        let file = try fixture.write("pipeline.yaml", yaml)
        return try PipelineLoader(environment: environment, schemaDirectory: schemas).load(file)
    }
}
