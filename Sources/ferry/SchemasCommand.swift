import ArgumentParser
import FerryConfig
import FerryCore
import FerryRuntime
import Foundation

/// `ferry schemas [show NAME | ddl NAME --dialect D]`: the datasets Ferry knows, their columns, and
/// their schema in each reader's form.
struct SchemasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "List the dataset schemas, show one with its columns and the kind of personal data each holds, or print it for a reader.",
        discussion: """
            `ferry schemas ddl NAME --dialect D` prints the dataset's schema in a reader's own form, so that \
            no reader infers types: duckdb (CREATE TABLE ... read_json with columns), spark (StructType \
            JSON), bigquery (schema JSON), snowflake (CREATE TABLE and COPY INTO), arrow (a pyarrow \
            schema in Python). The partition columns (date, and shard for a sharded export) come from \
            the path.
            """)

    @Argument(help: "`show NAME` prints one schema, `ddl NAME` its reader schema; nothing lists them all.")
    var words: [String] = []

    @Option(help: "The schemas directory (default: ./schemas).")
    var directory: String = "schemas"

    @Option(help: "With ddl: duckdb, spark, bigquery, snowflake or arrow.")
    var dialect: String?

    @Option(help: "With ddl: where the reader finds the files (duckdb: a glob, default out/NAME/**/*.jsonl.gz; snowflake: a stage path, default @ferry_stage/NAME/).")
    var location: String?

    func validate() throws {
        guard words.isEmpty || (words.count == 2 && ["show", "ddl"].contains(words[0])) else {
            throw ValidationError("use `ferry schemas`, `ferry schemas show NAME` or `ferry schemas ddl NAME --dialect D`")
        }
        let dialects = ReaderDialect.allCases.map(\.rawValue).joined(separator: ", ")
        if words.first == "ddl" {
            guard let dialect, ReaderDialect(rawValue: dialect) != nil else {
                throw ValidationError("ddl needs --dialect, one of: \(dialects)")
            }
        } else if dialect != nil || location != nil {
            throw ValidationError("--dialect and --location go with `ferry schemas ddl NAME`")
        }
    }

    func run() throws {
        let catalog: SchemaCatalog
        do {
            catalog = try SchemaCatalog(directory: URL(fileURLWithPath: directory))
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        guard words.count == 2 else {
            for name in catalog.names {
                guard let schema = catalog.schema(named: name) else { continue }
                print("\(name)\tv\(schema.version)\t\(schema.collection.path)\t\(schema.columns.count) columns")
            }
            return
        }
        guard let schema = catalog.schema(named: words[1]) else {
            printError("error: no dataset '\(words[1])' in \(directory) (known: \(catalog.names.joined(separator: ", ")))")
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        if words[0] == "ddl", let dialect = dialect.flatMap(ReaderDialect.init(rawValue:)) {
            print(dialect.ddl(for: schema, location: location))
            return
        }
        print("dataset \(schema.name) v\(schema.version)" + (schema.modelledOn.map { ", modelled on \($0)" } ?? ""))
        print("collection \(schema.collection.path) (\(schema.collection.fanout.rawValue), pages up to \(schema.collection.maxPageSize))")
        if let date = schema.dateColumn { print("date column \(date)") }
        if !schema.permissions.isEmpty { print("permissions \(schema.permissions.joined(separator: " or ")) (Graph application permission, admin consent)") }
        if let basic = schema.basicPermission {
            print("without \(basic.withholds.joined(separator: ", ")): \(basic.permission) is enough")
        }
        for column in schema.columns {
            var line = "  \(column.name)  \(column.type)"
            switch column.source {
            case .graph(let path) where path.description != column.name: line += "  from \(path)"
            case .user: line += "  from the user"
            case .tenant: line += "  from the tenant"
            default: break
            }
            switch column.personal {
            case .value(let kind)?: line += "  personal: \(kind.rawValue)"
            case .nested(let values, let other)?:
                line += "  personal: " + values.map { "\($0.path)=\($0.kind?.rawValue ?? "none")" }.joined(separator: ", ")
                    + ", anything else=\(other.rawValue)"
            case nil: break
            }
            print(line)
        }
        if schema.columns.contains(where: { $0.personal != nil }) {
            let defaults = PersonalDataKind.allCases.map { "\($0.rawValue) \(PseudonymMode.defaultMode(for: $0).rawValue)" }
            print("personal data kinds and their default modes: " + defaults.joined(separator: ", "))
        }
    }
}
