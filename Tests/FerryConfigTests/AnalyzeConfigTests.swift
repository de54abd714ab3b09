import Foundation
import Testing

@testable import FerryConfig

/// The pipeline's `analyze:` section: what `ferry run` and `ferry schedule` analyse after a successful run.
@Suite struct AnalyzeConfigTests {
    static let pseudonymized = Fixture.minimal + "\ntransform:\n  pseudonymize:\n    key: 0123456789abcdef0123456789abcdef\n"

    @Test func absentMeansNoAnalysis() throws {
        #expect(try Fixture.load(Self.pseudonymized).analyze == nil)
        #expect(try Fixture.load(Self.pseudonymized + "analyze: false\n").analyze == nil)
    }

    @Test func anEmptySectionOrTrueMeansTheDefaults() throws {
        #expect(try Fixture.load(Self.pseudonymized + "analyze:\n").analyze == AnalyzeConfig())
        #expect(try Fixture.load(Self.pseudonymized + "analyze: true\n").analyze == AnalyzeConfig())
    }

    @Test func everySettingIsRead() throws {
        let pipeline = try Fixture.load(Self.pseudonymized + """
            analyze:
              last_days: 28
              min_group_size: 12
              person_level: true
              noise: 0.5
              group_by: office
              format: csv

            """)
        #expect(pipeline.analyze == AnalyzeConfig(lastDays: 28, minGroupSize: 12, personLevel: true, noise: 0.5, groupBy: .office, format: .csv))
    }

    @Test func settingsOutOfRangePointAtTheirValue() throws {
        let messages = try Fixture.messages(Self.pseudonymized + """
            analyze:
              min_group_size: 3
              noise: -1
              group_by: team
              colour: blue

            """)
        #expect(messages.contains { $0.contains("'analyze' has an unknown key 'colour'") || $0.contains("colour") })
        #expect(messages.contains { $0.contains("'analyze.min_group_size' must be an integer of at least 5") })
        #expect(messages.contains { $0.contains("'analyze.noise' must be a positive privacy budget") })
        #expect(messages.contains { $0.contains("'analyze.group_by' must be one of department, office, community") })
    }

    @Test func analysisWithoutPseudonymizationIsRefusedAtValidation() throws {
        let messages = try Fixture.messages(Fixture.minimal + "\nanalyze:\n  min_group_size: 10\n")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("'analyze' needs 'transform.pseudonymize'") == true)
    }
}
