import ArgumentParser
import FerryCore

/// The `ferry` command: exports Microsoft 365 tenants through Microsoft Graph into warehouse-ready files.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Export Microsoft 365 tenants through Microsoft Graph into files a warehouse loads.",
        discussion: """
            A pipeline file says what to extract, how to pseudonymize it, and where to write it. \
            Start with `ferry validate FILE`, then `ferry run FILE`. `ferry simulate` serves a \
            synthetic tenant on loopback to try it against.
            """,
        version: FerryVersion.current,
        subcommands: [
            ValidateCommand.self, RunCommand.self, ScheduleCommand.self, RunsCommand.self, StatusCommand.self,
            SimulateCommand.self, CheckCommand.self, PlanCommand.self,
            SchemasCommand.self, AnalyzeCommand.self, VerifyCommand.self,
        ])

    /// `ferry simulate ...` goes to the simulator program before any parsing, so that its options, and
    /// `--help`, are the simulator's own.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == SimulateCommand.configuration.commandName {
            do {
                try SimulateCommand.replaceProcess(arguments: Array(arguments.dropFirst()))
            } catch {
                exit(withError: error)
            }
        }
        await main(nil)
    }
}
