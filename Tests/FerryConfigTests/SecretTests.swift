import Foundation
import Testing

@testable import FerryConfig

@Suite struct SecretTests {
    @Test func aSecretPrintsRedactedEveryWay() {
        let secret = Secret("hunter2-hunter2-hunter2")
        #expect(secret.description == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        let source = SourceConfig(
            cloud: .global, graphURL: "https://graph.microsoft.com", loginURL: "https://login.microsoftonline.com",
            tenant: "t", clientId: "c", clientSecret: secret)
        #expect(!String(describing: source).contains("hunter2"))
        #expect(!String(reflecting: source).contains("hunter2"))
        dumped = ""
        dump(source, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(secret.value == "hunter2-hunter2-hunter2")
    }

    @Test func loadedSecretsAreWrapped() throws {
        let yaml = Fixture.minimal + "\ntransform:\n  pseudonymize:\n    key: ${PSEUDONYM_KEY}\n"
        let pipeline = try Fixture.load(yaml)
        #expect(pipeline.source.clientSecret?.value == Fixture.environment["SECRET"])
        #expect(pipeline.pseudonymize?.key.value == Fixture.environment["PSEUDONYM_KEY"])
        #expect(!String(describing: pipeline).contains("s3cret"))
    }

    /// Pipelines whose secrets are wrong in every way; no diagnostic may contain a secret's text.
    @Test(arguments: [
        "  client_secret: tooshort-but-secret\ntransform:\n  pseudonymize:\n    key: short-SECRETKEY\n",
        "  client_secret: [list-SECRETVALUE]\ntransform:\n  pseudonymize:\n    key: {k: map-SECRETKEY}\n",
        "  client_secret: {value: map-SECRETVALUE}\ntransform:\n  pseudonymize:\n    key: [list-SECRETKEY]\n",
        "  client_secret: \"${UNSET}inline-SECRETVALUE\"\ntransform:\n  pseudonymize:\n    key: ${K:-dflt-SECRETKEY}\n",
        "  client_secret: \"${BROKEN-SECRETVALUE\"\ntransform:\n  pseudonymize:\n    key: \"${1-SECRETKEY}\"\n",
        "  client_secret: ${ENV_SECRET}\n  client_secrett: typo-SECRETVALUE\ntransform:\n  pseudonymize:\n    key: ${ENV_KEY}\n",
        "  client_secret:\n    - nested: deep-SECRETVALUE\ntransform:\n  pseudonymize:\n    key:\n      - deep-SECRETKEY\n",
    ])
    func secretsNeverAppearInDiagnostics(secretLines: String) throws {
        let yaml = "name: secrets\nsource:\n  tenant: t\n  client_id: c\n" + secretLines
            + "datasets:\n  - dataset: users\nthrottle:\n  max_concurrency: none\n"
        var environment = Fixture.environment
        environment["ENV_SECRET"] = "env-SECRETVALUE"
        environment["ENV_KEY"] = "env-SECRETKEY"
        let diagnostics = try Fixture.diagnostics(yaml, environment: environment)
        #expect(diagnostics.count >= 2, "each case breaks the throttle and at least one secret")
        for diagnostic in diagnostics {
            #expect(!diagnostic.description.contains("SECRET"), "\(diagnostic)")
        }
    }
}

/// A secret's variable written into the wrong key: the message names the reference, never the value.
@Suite struct MisplacedSecretTests {
    static let environment = Fixture.environment.merging(
        ["CLIENT_SECRET": "pa55-SECRETVALUE", "GRAPH": "https://user:pa55-SECRETVALUE@graph.example.com"]
    ) { $1 }

    @Test(arguments: [
        ("throttle:\n  max_concurrency: ${CLIENT_SECRET}\n", "'throttle.max_concurrency' must be an integer"),
        ("load:\n  compression: ${CLIENT_SECRET}\n", "'load.compression' must be one of gzip, none"),
        ("scope:\n  users: ${CLIENT_SECRET}\n", "'scope.users' must be"),
        ("window:\n  last: ${CLIENT_SECRET}\n", "'window.last' must be"),
        ("window:\n  start: ${CLIENT_SECRET}\n  end: 2026-02-01\n", "'window.start' must be"),
        ("schedule:\n  cron: 0 2 * * *\n  timezone: ${CLIENT_SECRET}\n", "'schedule.timezone' must be"),
        ("load:\n  path: ./out\nscope:\n  exclude_guests: ${CLIENT_SECRET}\n", "'scope.exclude_guests' must be true or false"),
    ])
    func theMessageNamesTheReferenceNotTheValue(lines: String, start: String) throws {
        let messages = try Fixture.messages(Fixture.minimal + "\n" + lines, environment: Self.environment)
        #expect(messages.count == 1, "\(messages)")
        let message = try #require(messages.first)
        #expect(message.contains(start), "\(message)")
        #expect(message.hasSuffix("not the value of '${CLIENT_SECRET}' (not shown: it comes from the environment)"))
        #expect(!message.contains("SECRETVALUE"))
    }

    @Test func aValueWrittenInTheFileIsStillQuoted() throws {
        let messages = try Fixture.messages(Fixture.minimal + "\nthrottle:\n  max_concurrency: lots\n")
        #expect(messages == ["10:20: 'throttle.max_concurrency' must be an integer from 1 to 1000, not 'lots'"])
    }

    @Test func aURLWithUserInfoIsNeverQuoted() throws {
        for graph in ["${GRAPH}", "https://user:pa55-SECRETVALUE@graph.example.com", "http://u:pa55-SECRETVALUE@"] {
            let yaml = Fixture.minimal.replacingOccurrences(
                of: "source:\n",
                with: "source:\n  cloud: custom\n  graph_url: \(graph)\n  login_url: https://login.example.com\n")
            let messages = try Fixture.messages(yaml, environment: Self.environment)
            #expect(messages.count == 1, "\(messages)")
            #expect(messages.allSatisfy { $0.contains("'source.graph_url' must") && !$0.contains("SECRETVALUE") }, "\(messages)")
        }
    }
}
