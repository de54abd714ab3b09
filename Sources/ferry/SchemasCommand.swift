import ArgumentParser
import FerryConfig
import FerryCore
import Foundation

/// `ferry schemas [show NAME]`: the datasets Ferry knows and their columns.
struct SchemasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "List the dataset schemas, or show one with its columns and the kind of personal data each holds.")

    @Argument(help: "`show NAME` prints one schema; nothing lists them all.")
    var words: [String] = []

    @Option(help: "The schemas directory (default: ./schemas).")
    var directory: String = "schemas"

    func validate() throws {
        guard words.isEmpty || (words.count == 2 && words[0] == "show") else {
            throw ValidationError("use `ferry schemas` or `ferry schemas show NAME`")
        }
    }

    func run() throws {
        let catalog: SchemaCatalog
        do {
            catalog = try SchemaCatalog(directory: URL(fileURLWithPath: directory))
        } catch {
            printError("\(error)")
            throw ExitCode(1)
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
            throw ExitCode(1)
        }
        print("dataset \(schema.name) v\(schema.version)" + (schema.modelledOn.map { ", modelled on \($0)" } ?? ""))
        print("collection \(schema.collection.path) (\(schema.collection.fanout.rawValue), pages up to \(schema.collection.maxPageSize))")
        if let date = schema.dateColumn { print("date column \(date)") }
        if !schema.permissions.isEmpty { print("permissions \(schema.permissions.joined(separator: " or ")) (Graph application permission, admin consent)") }
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
