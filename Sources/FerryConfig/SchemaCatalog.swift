import FerryCore
import Foundation

/// Reads schema files (`schemas/*.yaml`).
///
/// Each file describes one dataset and is named after it (`schemas/messages.yaml`).
public struct SchemaCatalog: Sendable {
    /// The folder the schema files were read from.
    public var directory: URL
    /// How messages name the folder: its path, or the `${VAR}` reference it came from.
    var shownDirectory: String
    private(set) var schemas: [String: DatasetSchema]
    /// The problems of each schema file that has some, by dataset name. A pipeline naming one of these
    /// datasets gets its problems, and is not told the dataset is unknown; other pipelines are not held up.
    private(set) var problems: [String: [ConfigDiagnostic]]

    private init(
        directory: URL, shownDirectory: String, schemas: [String: DatasetSchema], problems: [String: [ConfigDiagnostic]]
    ) {
        self.directory = directory
        self.shownDirectory = shownDirectory
        self.schemas = schemas
        self.problems = problems
    }

    /// Whether `name` has a schema file with errors.
    func isBroken(_ name: String) -> Bool { problems[name] != nil }

    /// Every problem of every schema file, in file order.
    var allProblems: [ConfigDiagnostic] { problems.keys.sorted().flatMap { problems[$0] ?? [] } }

    /// The dataset names, sorted.
    public var names: [String] { schemas.keys.sorted() }

    /// Reads every `*.yaml` and `*.yml` file in `directory`.
    ///
    /// - Throws: ``ConfigErrors`` with file, line and column for every problem in every schema file.
    public init(directory: URL) throws {
        let (catalog, diagnostics) = Self.read(directory: directory)
        let all = diagnostics + catalog.allProblems
        guard all.isEmpty else { throw ConfigErrors(diagnostics: all) }
        self = catalog
    }

    /// The schema of the dataset `name`, if the catalog has a valid one.
    public func schema(named name: String) -> DatasetSchema? {
        schemas[name]
    }

    /// The pipeline's `schemas:` key if set, else the nearest `schemas/` directory at or above the pipeline file's folder, else ./schemas.
    ///
    /// A declared path is relative to the pipeline file's folder. Returns `nil` when nothing is declared
    /// and no `schemas/` directory exists.
    public static func locate(forPipelineAt file: URL, declared: String?) -> URL? {
        let folder = file.deletingLastPathComponent()
        if let declared {
            return declared.hasPrefix("/")
                ? URL(fileURLWithPath: declared, isDirectory: true)
                : folder.appendingPathComponent(declared, isDirectory: true)
        }
        // Walk plain absolute paths: URL's deletingLastPathComponent turns "/" into "/..", never stopping.
        var path = URL(fileURLWithPath: folder.path).standardizedFileURL.path
        while !path.isEmpty {
            let schemas = URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent("schemas", isDirectory: true)
            if isDirectory(schemas) { return schemas }
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path { break }
            path = parent
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("schemas", isDirectory: true)
        return isDirectory(current) ? current : nil
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The catalog of every valid schema, the problems of the others kept in it by dataset, and the
    /// problem of a directory that cannot be read.
    ///
    /// `shownAs` names the directory in messages and in its files' names instead of its path: the
    /// `${VAR}` reference a pipeline's `schemas:` gave it by, when the path came from the environment.
    static func read(directory: URL, shownAs: String? = nil) -> (SchemaCatalog, [ConfigDiagnostic]) {
        let shownDirectory = shownAs ?? directory.relativePath
        var catalog = SchemaCatalog(directory: directory, shownDirectory: shownDirectory, schemas: [:], problems: [:])
        let files: [URL]
        do {
            // By path: Foundation on Linux lists a symlinked directory's URL as empty.
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .map { directory.appendingPathComponent($0) }
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            let message = "cannot read the schemas directory \(shownDirectory): it does not exist or is not readable"
            return (catalog, [ConfigDiagnostic(file: shownDirectory, at: .start, message)])
        }
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            let displayName = shownAs.map { "\($0)/\(file.lastPathComponent)" } ?? file.relativePath
            if catalog.schemas[name] != nil || catalog.isBroken(name) {
                catalog.schemas[name] = nil
                catalog.problems[name, default: []].append(ConfigDiagnostic(
                    file: displayName, at: .start,
                    "a second schema file for dataset '\(name)'; keep one of \(name).yaml and \(name).yml"))
                continue
            }
            let (schema, problems) = readFile(file, expectedName: name, displayName: displayName)
            if let schema, problems.isEmpty {
                catalog.schemas[name] = schema
            } else {
                catalog.problems[name] = problems
            }
        }
        return (catalog, [])
    }

    private static func readFile(
        _ file: URL, expectedName: String, displayName: String
    ) -> (DatasetSchema?, [ConfigDiagnostic]) {
        let text: String
        switch ConfigFile.read(file, what: "schema file") {
        case .success(let read): text = read
        case .failure(let problem): return (nil, [ConfigDiagnostic(file: displayName, at: .start, problem.message)])
        }
        let (root, parseProblems) = YAMLDocument.parse(text, file: displayName)
        guard let root else { return (nil, parseProblems) }
        var reader = ConfigReader(file: displayName, interpolation: nil, rootName: "the schema")
        let schema = SchemaFile.read(root, expectedName: expectedName, reader: &reader)
        let diagnostics = (parseProblems + reader.diagnostics).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return (schema, diagnostics)
    }

    /// `unknown dataset 'x'; did you mean 'y'? (known: a, b)`.
    func unknownDatasetMessage(_ name: String) -> String {
        unknownDatasetMessage(ConfigValue(text: name, written: ""))
    }

    /// The same for a name that may have come from the environment: then it is named by its reference.
    func unknownDatasetMessage(_ name: ConfigValue) -> String {
        let known = names.isEmpty ? "none in \(shownDirectory)" : names.joined(separator: ", ")
        return "unknown dataset \(name)" + Suggestion.didYouMean(name.text, in: names) + " (known: \(known))"
    }
}
