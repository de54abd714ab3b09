import Testing

@testable import FerryConfig

/// `source.scope` and the limits of `throttle:` that bound a run.
@Suite("source.scope and throttle limits")
struct SourceScopeAndLimitsTests {
    static func pipeline(source extra: String = "", cloud: String = "global", throttle: String = "") -> String {
        var source = "  cloud: \(cloud)\n"
        if cloud == "custom" { source += "  graph_url: https://gateway.contoso.example/graph\n  login_url: https://login.microsoftonline.com\n" }
        source += extra
        return """
            name: test
            source:
            \(source)  tenant: contoso
              client_id: app
              client_secret: ${SECRET}
            datasets:
              - dataset: users
            """ + (throttle.isEmpty ? "" : "\nthrottle:\n" + throttle)
    }

    @Test(arguments: [
        ("global", "https://graph.microsoft.com/.default"), ("usgov", "https://graph.microsoft.us/.default"),
        ("usgovdod", "https://dod-graph.microsoft.us/.default"), ("china", "https://microsoftgraph.chinacloudapi.cn/.default"),
        // A gateway in front of Graph is still Graph to Entra ID, whatever its URL.
        ("custom", "https://graph.microsoft.com/.default"),
    ])
    func theScopeDefaultsToTheCloudsGraph(_ cloud: String, _ scope: String) throws {
        #expect(try Fixture.load(Self.pipeline(cloud: cloud)).source.scope == scope)
    }

    @Test func anExplicitScopeIsKept() throws {
        let yaml = Self.pipeline(source: "  scope: api://contoso-graph-gateway/.default\n", cloud: "custom")
        #expect(try Fixture.load(yaml).source.scope == "api://contoso-graph-gateway/.default")
    }

    @Test(arguments: ["https://graph.microsoft.com/User.Read.All", "/.default", "a/.default b/.default"])
    func aScopeThatIsNotOneDefaultIsRefused(_ scope: String) throws {
        let messages = try Fixture.messages(Self.pipeline(source: "  scope: \"\(scope)\"\n"))
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("4:10: 'source.scope' must be one resource's application ID URI followed by /.default") == true, "\(messages)")
    }

    @Test func theLimitsHaveDefaults() throws {
        let throttle = try Fixture.load(Self.pipeline()).throttle
        #expect(throttle.maxRetryAfterSeconds == 300)
        #expect(throttle.maxPagesPerUnit == 100_000)
        #expect(throttle.requestTimeoutSeconds == 60)
        #expect(throttle.lowSpeedBytesPerSecond == 1024)
        #expect(throttle.lowSpeedSeconds == 30)
    }

    @Test func theLimitsAreRead() throws {
        let yaml = Self.pipeline(throttle: """
              max_retry_after_seconds: 30
              max_pages_per_unit: 500
              request_timeout_seconds: 120
              low_speed_bytes_per_second: 0
              low_speed_seconds: 10
            """)
        let throttle = try Fixture.load(yaml).throttle
        #expect(throttle.maxRetryAfterSeconds == 30)
        #expect(throttle.maxPagesPerUnit == 500)
        #expect(throttle.requestTimeoutSeconds == 120)
        #expect(throttle.lowSpeedBytesPerSecond == 0)
        #expect(throttle.lowSpeedSeconds == 10)
    }

    @Test func limitsOutOfRangeAreEachReported() throws {
        let yaml = Self.pipeline(throttle: "  max_retry_after_seconds: 0\n  max_pages_per_unit: lots\n")
        #expect(
            try Fixture.messages(yaml) == [
                "10:28: 'throttle.max_retry_after_seconds' must be an integer from 1 to 86400, not '0'",
                "11:23: 'throttle.max_pages_per_unit' must be an integer from 1 to 100000000, not 'lots'",
            ])
    }
}
