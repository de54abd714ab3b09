import Foundation

/// Reads and validates pipeline files, resolving their datasets from the schema catalog.
///
/// Validation reports every problem at once, each with file, line and column; it never touches
/// the network.
public struct PipelineLoader: Sendable {
    /// The variables `${VAR}` reads.
    public var environment: [String: String]
    /// When set, the schemas are read from here instead of being located from the pipeline file.
    public var schemaDirectory: URL?

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, schemaDirectory: URL? = nil
    ) {
        self.environment = environment
        self.schemaDirectory = schemaDirectory
    }

    /// The pipeline in `file`.
    ///
    /// - Throws: ``ConfigErrors`` with every problem, including an unreadable file or a missing schemas directory.
    public func load(_ file: URL) throws -> Pipeline {
        let (pipeline, diagnostics) = read(file)
        guard let pipeline, diagnostics.isEmpty else { throw ConfigErrors(diagnostics: diagnostics) }
        return pipeline
    }

    /// Every problem in `file` and in the schema files it uses; empty when the pipeline is valid.
    public func validate(_ file: URL) -> [ConfigDiagnostic] {
        read(file).diagnostics
    }

    private func read(_ file: URL) -> (pipeline: Pipeline?, diagnostics: [ConfigDiagnostic]) {
        let displayName = file.relativePath
        let text: String
        switch ConfigFile.read(file, what: "pipeline file") {
        case .success(let read): text = read
        case .failure(let problem): return (nil, [ConfigDiagnostic(file: displayName, at: .start, problem.message)])
        }
        let (root, parseProblems) = YAMLDocument.parse(text, file: displayName)
        guard let root else { return (nil, parseProblems) }

        var reader = ConfigReader(
            file: displayName, interpolation: EnvironmentInterpolation(environment: environment),
            rootName: "the pipeline")
        let (catalog, directoryProblems) = readCatalog(for: file, root: root, reader: &reader)
        let pipeline = Pipeline.read(root, catalog: catalog, reader: &reader)
        let diagnostics = (parseProblems + reader.diagnostics).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        // Only the schema files this pipeline names: a broken file of another dataset holds up no one else.
        let schemaProblems = reader.brokenSchemas.sorted().flatMap { catalog?.problems[$0] ?? [] }
        return (pipeline, diagnostics + directoryProblems + schemaProblems)
    }

    /// The catalog the pipeline's datasets come from, and the problem of a schemas directory that cannot be read.
    ///
    /// Problems of finding the catalog are the pipeline's (reported to `reader`); problems inside
    /// schema files stay in the catalog, by dataset, positioned in those files.
    private func readCatalog(
        for file: URL, root: YAMLNode, reader: inout ConfigReader
    ) -> (SchemaCatalog?, [ConfigDiagnostic]) {
        var declared: (value: ConfigValue, position: SourcePosition)?
        if case .mapping(let entries) = root.content, let entry = entries.first(where: { $0.key == "schemas" }) {
            // Read without reporting: Pipeline.read reports a bad `schemas:` value with the other keys.
            var scratch = reader
            if let value = scratch.stringValue(entry.value, at: "schemas") {
                declared = (value, entry.value.position)
            }
        }
        let directory = schemaDirectory ?? SchemaCatalog.locate(forPipelineAt: file, declared: declared?.value.text)
        guard let directory else {
            reader.error(
                "no schemas directory found: looked for schemas/ in \(file.deletingLastPathComponent().relativePath) "
                    + "and the folders above it, and in the current directory; set 'schemas:' to its path",
                at: .start)
            return (nil, [])
        }
        // A path from the environment is named by its reference, here and in the schema files' names.
        let shownAs = schemaDirectory == nil ? declared?.value.reference : nil
        if schemaDirectory == nil, let declared, !SchemaCatalog.isDirectory(directory) {
            let path = declared.value.isFromEnvironment ? "it" : directory.relativePath
            reader.error(
                "'schemas' is \(declared.value), but \(path) is not a directory; the path is relative to the pipeline file",
                at: declared.position)
            return (nil, [])
        }
        let (catalog, problems) = SchemaCatalog.read(directory: directory, shownAs: shownAs)
        return (catalog, problems)
    }
}
