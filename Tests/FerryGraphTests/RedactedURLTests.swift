import Testing

@testable import FerryGraph

@Suite("RedactedURL")
struct RedactedURLTests {
    @Test func hidesSecretQueryValuesAndUserInfo() {
        let url = "https://user:pw@graph.microsoft.com/v1.0/users?$top=999&$skiptoken=RFNwdAI&sig=abc&$select=id,mail"
        #expect(RedactedURL.string(url)
            == "https://graph.microsoft.com/v1.0/users?$top=999&$skiptoken=<redacted>&sig=<redacted>&$select=id,mail")
        #expect(RedactedURL.string("https://graph.microsoft.com/v1.0/me#frag") == "https://graph.microsoft.com/v1.0/me")
        #expect(RedactedURL.string(String(repeating: "a", count: 1_000)).count == RedactedURL.maxLength + 3)
    }
}
