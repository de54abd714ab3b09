import Testing

@testable import FerryGraph

@Suite("GraphErrorBody")
struct GraphErrorBodyTests {
    @Test func graphShape() {
        let body = #"{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise.","innerError":{"date":"2024-01-01T00:00:00","request-id":"x"}}}"#
        #expect(GraphErrorBody.parse(Array(body.utf8)) == GraphErrorBody(
            code: "MailboxNotEnabledForRESTAPI",
            message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise."))
        #expect(GraphErrorBody.parse(Array(#" {"error":{"code":"ResourceNotFound"}}"#.utf8))
            == GraphErrorBody(code: "ResourceNotFound", message: ""))
    }

    @Test func entraIDShape() {
        let body = #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"trace_id":"t"}"#
        #expect(GraphErrorBody.parse(Array(body.utf8)) == GraphErrorBody(
            code: "invalid_client", message: "AADSTS7000215: Invalid client secret provided."))
    }

    @Test(arguments: ["", "not json", "[]", #"{"value":[]}"#, #"{"error":{"message":"no code"}}"#, #"{"error":5}"#, "{\"error\":"])
    func otherBodiesAreNil(body: String) {
        #expect(GraphErrorBody.parse(Array(body.utf8)) == nil)
    }
}
