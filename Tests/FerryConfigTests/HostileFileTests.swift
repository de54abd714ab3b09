import FerryTestSupport
import Foundation
import Testing

@testable import FerryConfig

#if canImport(Glibc)
    import Glibc
#endif

/// Files built to crash, exhaust or stall the reader: each ends in one clear diagnostic with its place.
@Suite struct HostileFileTests {
    static func diagnostics(_ yaml: String, environment: [String: String] = ["A": "a"]) throws -> [ConfigDiagnostic] {
        try Fixture.diagnostics(yaml, environment: environment)
    }

    /// 2,500 levels of `[` crashed validate, run and schedule with a stack overflow.
    @Test(arguments: [100, 2_500, 100_000])
    func deepFlowListsAreRefusedWhereTheyPassTheLimit(depth: Int) throws {
        let diagnostics = try Self.diagnostics(HostileYAML.flowNesting(depth))
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.hasPrefix("lists and mappings nest more than 64 levels deep here"), "\(diagnostic)")
        // `source: ` is 8 columns and the root mapping the first level: the 64th `[` is one too many.
        #expect((diagnostic.line, diagnostic.column) == (2, 8 + 64))
    }

    @Test func deepFlowMappingsAreRefused() throws {
        let diagnostics = try Self.diagnostics(HostileYAML.flowMappingNesting(3_000))
        #expect(diagnostics.map(\.message).allSatisfy { $0.hasPrefix("lists and mappings nest more than 64") }, "\(diagnostics)")
        #expect(diagnostics.count == 1)
    }

    /// `- - - ... x`, 3,000 block lists on one line.
    @Test func deepBlockListsAreRefused() throws {
        let diagnostics = try Self.diagnostics(HostileYAML.blockNesting(3_000))
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.message.hasPrefix("lists and mappings nest more than 64 levels deep") == true)
        #expect(diagnostics.first?.line == 3)
    }

    @Test func deepIndentationIsRefused() throws {
        let diagnostics = try Self.diagnostics(HostileYAML.indentNesting(1_000))
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.message.hasPrefix("lists and mappings nest more than 64 levels deep") == true)
    }

    /// Nesting within the limit is read as usual, so the limit refuses only what no file needs.
    @Test func nestingWithinTheLimitIsRead() throws {
        let diagnostics = try Self.diagnostics(HostileYAML.flowNesting(60))
        #expect(diagnostics.allSatisfy { !$0.message.contains("nest more than") }, "\(diagnostics)")
        #expect(diagnostics.contains { $0.message.contains("'source' must be a mapping") })
    }

    /// `${A:-${A:-...}}` 6,000 deep recursed once per level.
    @Test(arguments: [17, 6_000])
    func deepDefaultsAreRefusedAtTheirValue(depth: Int) throws {
        let messages = try Fixture.messages(HostileYAML.interpolationNesting(depth), environment: [:])
        #expect(
            messages.contains(
                "3:14: '${...:-default}' references in 'source.client_id' nest more than 16 deep; nest fewer defaults"),
            "\(messages)")
    }

    @Test func defaultsWithinTheLimitExpand() throws {
        let interpolation = EnvironmentInterpolation(environment: [:])
        let text = String(repeating: "${A:-", count: 16) + "x" + String(repeating: "}", count: 16)
        #expect(try interpolation.expand(text).get() == "x")
    }

    /// "Billion laughs": 8 levels took 44 s and 5.3 GB, 9 levels grew without bound.
    @Test(arguments: [8, 9, 30])
    func aliasBombsAreRefusedBeforeTheyExpand(levels: Int) throws {
        let yaml = HostileYAML.aliasBomb(levels: levels)
        let diagnostics = try Self.diagnostics(yaml)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.hasPrefix("YAML aliases (*name) expand the file beyond 100000 values"), "\(diagnostic)")
        // Levels 0 to 4 hold about 75,000 values; the first alias of level 5 brings the total past 100,000.
        #expect((diagnostic.line, diagnostic.column) == (8, 10))
    }

    /// Aliases that expand to a modest tree are still YAML: they are read as written out.
    @Test func aFewAliasesAreRead() throws {
        let yaml = Fixture.minimal.replacingOccurrences(
            of: "client_id: app", with: "client_id: &id app\n  tenant_alias_unused: *id")
        let messages = try Fixture.messages(yaml)
        #expect(messages == ["5:3: unknown key 'tenant_alias_unused' in 'source'; valid keys are "
            + SourceConfig.keys.joined(separator: ", ")], "\(messages)")
    }

    /// 80,000 references were expanded in quadratic time; now linear, so they simply expand.
    @Test func manyReferencesExpand() throws {
        let interpolation = EnvironmentInterpolation(environment: ["A": "a"])
        let expanded = try interpolation.expand(String(repeating: "${A}", count: 80_000)).get()
        #expect(expanded == String(repeating: "a", count: 80_000))
    }

    /// 80,000 different unset variables: a few messages, not 80,000, and no quadratic search for repeats.
    @Test func manyMissingVariablesGiveAFewMessages() throws {
        let messages = try Fixture.messages(HostileYAML.missingReferences(80_000), environment: [:])
        let about = messages.filter { $0.contains("source.client_id") }
        #expect(about.count == 11, "\(about.prefix(12))")
        #expect(about.first == "3:14: environment variable V0 is not set (in 'source.client_id'); set it, or give a default with ${V0:-value}")
        #expect(about.last == "3:14: 79990 more problems with variables in 'source.client_id'")
    }

    /// References to one long variable would multiply it: past 1 MB the value is refused.
    @Test func referencesThatExpandBeyondTheLimitAreRefused() throws {
        let long = String(repeating: "x", count: 100_000)
        let messages = try Fixture.messages(HostileYAML.references(11), environment: ["A": long])
        #expect(messages.contains("3:14: the variables in 'source.client_id' expand to more than 1024 KB; reference them fewer times"), "\(messages)")
        #expect(try Self.diagnostics(HostileYAML.references(10), environment: ["A": long]).allSatisfy {
            !$0.message.contains("expand to more than")
        })
    }

    @Test func aHugeFileIsRefusedUnread() throws {
        let yaml = Fixture.minimal + "\n# " + String(repeating: "x", count: 1 << 20) + "\n"
        let messages = try Fixture.messages(yaml)
        #expect(messages == ["1:1: the pipeline file is larger than 1024 KB, far more than any needs"])
    }

    /// A huge key or value is quoted by its start, and "did you mean" does not compare it letter by letter.
    @Test func aHugeKeyOrValueMakesAShortMessage() throws {
        // libyaml takes keys of up to 1,024 characters; values have no such limit.
        let key = String(repeating: "x", count: 1_000)
        let value = String(repeating: "x", count: 500_000)
        let messages = try Fixture.messages(Fixture.minimal + "\n\(key): 1\nload:\n  format: \(value)\n")
        #expect(messages.count == 2, "\(messages.map { $0.prefix(300) })")
        let cut = String(repeating: "x", count: 200) + "…'"
        #expect(messages.first?.hasPrefix("9:1: unknown key '\(cut) in the pipeline; valid keys are") == true)
        #expect(messages.last?.hasPrefix("11:11: 'load.format' must be one of jsonl, csv, not '\(cut)") == true)
        #expect(messages.allSatisfy { $0.count < 1_000 })
    }

    #if canImport(Glibc)
        /// A FIFO named like a pipeline would block a reader forever: it is refused without being opened.
        @Test func aFIFOIsRefusedWithoutBlocking() throws {
            let fixture = try Fixture()
            let fifo = fixture.directory.appendingPathComponent("pipe.yaml")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let diagnostics = PipelineLoader(environment: [:], schemaDirectory: Fixture.schemas).validate(fifo)
            #expect(diagnostics.map(\.message) == ["cannot read the pipeline file: it is not a regular file"])
        }
    #endif

    /// Schema files are read through the same limits.
    @Test func aHostileSchemaFileIsOneProblemOfItsDataset() throws {
        let fixture = try Fixture()
        try fixture.write("schemas/users.yaml", HostileYAML.aliasBomb(levels: 9))
        try fixture.write("schemas/events.yaml", HostileYAML.flowNesting(5_000))
        let (catalog, problems) = SchemaCatalog.read(directory: fixture.directory.appendingPathComponent("schemas"))
        #expect(problems.isEmpty)
        #expect(catalog.problems["users"]?.first?.message.hasPrefix("YAML aliases (*name) expand") == true)
        #expect(catalog.problems["events"]?.first?.message.hasPrefix("lists and mappings nest more than 64") == true)
    }
}
