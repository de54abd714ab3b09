import Testing

@testable import FerryConfig

@Suite struct EnvironmentInterpolationTests {
    let interpolation = EnvironmentInterpolation(environment: ["A": "alpha", "B": "beta", "EMPTY": ""])

    func expand(_ text: String) -> Result<String, EnvironmentInterpolation.Failure> {
        interpolation.expand(text)
    }

    func problems(_ text: String) -> [EnvironmentInterpolation.Problem] {
        guard case .failure(let failure) = expand(text) else { return [] }
        return failure.problems
    }

    @Test(arguments: [
        ("${A}", "alpha"),
        ("pre-${A}-${B}-post", "pre-alpha-beta-post"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${A:-fallback}", "alpha"),
        ("${MISSING:-${B}}", "beta"),
        ("${MISSING:-x${OTHER:-${A}}y}", "xalphay"),
        ("${MISSING:-}", ""),
        ("$$", "$"),
        ("$${A}", "${A}"),
        ("cost: $$5 and $5", "cost: $5 and $5"),
        ("no variables", "no variables"),
        ("${A}}", "alpha}"),
    ])
    func expands(text: String, expected: String) throws {
        #expect(try expand(text).get() == expected)
    }

    @Test func aDefaultIsOnlyExpandedWhenUsed() throws {
        #expect(try expand("${A:-${MISSING}}").get() == "alpha")
        #expect(problems("${NOPE:-${MISSING}}") == [.missing(variable: "MISSING")])
    }

    @Test func everyMissingVariableIsReportedOnce() {
        #expect(problems("${X}/${Y}/${X}") == [.missing(variable: "X"), .missing(variable: "Y")])
    }

    @Test func malformedReferencesAreProblems() {
        #expect(problems("${A") == [.unterminated])
        #expect(problems("${A:-${B}") == [.unterminated])
        #expect(problems("${") == [.unterminated])
        #expect(problems("${1A}") == [.badName])
        #expect(problems("${A B}") == [.badName])
        #expect(problems("${}") == [.badName])
    }

    @Test func valuesAreInterpolatedBeforeTheirTypeIsChecked() throws {
        let yaml = Fixture.minimal + "\nthrottle:\n  max_concurrency: ${CONCURRENCY}\n"
        var environment = Fixture.environment
        environment["CONCURRENCY"] = "8"
        #expect(try Fixture.load(yaml, environment: environment).throttle.maxConcurrency == 8)
        environment["CONCURRENCY"] = "lots"
        #expect(
            try Fixture.messages(yaml, environment: environment) == [
                "10:20: 'throttle.max_concurrency' must be an integer from 1 to 1000, not the value of '${CONCURRENCY}' "
                    + "(not shown: it comes from the environment)"
            ])
    }

    @Test func nestedDefaultsAndDollarsWorkInAPipeline() throws {
        let yaml = Fixture.minimal
            .replacingOccurrences(of: "client_id: app", with: "client_id: ${CLIENT:-${FALLBACK_CLIENT}}")
            .replacingOccurrences(of: "tenant: contoso", with: "tenant: \"$$tenant-${TENANT:-contoso}\"")
        var environment = Fixture.environment
        environment["FALLBACK_CLIENT"] = "from-fallback"
        let pipeline = try Fixture.load(yaml, environment: environment)
        #expect(pipeline.source.clientId == "from-fallback")
        #expect(pipeline.source.tenant == "$tenant-contoso")
        environment["CLIENT"] = "from-client"
        #expect(try Fixture.load(yaml, environment: environment).source.clientId == "from-client")
    }

    @Test func malformedReferencesInAPipelineNameTheKey() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "client_id: app", with: "client_id: ${CLIENT")
        #expect(
            try Fixture.messages(yaml) == [
                "4:14: unterminated '${' in 'source.client_id'; close it with '}', or write '$$' for a literal '$'"
            ])
    }

    @Test func unknownKeysAreNotInterpolated() throws {
        let yaml = Fixture.minimal + "\nthrottle:\n  max_concurency: ${UNSET}\n"
        #expect(
            try Fixture.messages(yaml) == [
                "10:3: unknown key 'max_concurency' in 'throttle'; did you mean 'max_concurrency'?"
            ])
    }
}
