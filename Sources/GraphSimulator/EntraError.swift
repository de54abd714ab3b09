import Foundation

/// An error of the token endpoint, in Microsoft Entra ID's (AAD's) own shape rather than Graph's:
/// `{"error":"invalid_client","error_description":"AADSTS7000215: ...","error_codes":[7000215],...}`.
struct EntraError: Error, Sendable {
    let status: Int
    let error: String
    let code: Int
    let description: String

    func response(to request: GraphRequest) -> GraphResponse {
        let traceId = request.requestId
        let correlationId = request.clientRequestId ?? request.requestId
        var timestamp = GraphTimestamp.string(epochSeconds: Int64(request.now.rounded(.down)))
        // Entra writes `2026-11-21 09:30:12Z`, with a space.
        timestamp = timestamp.replacingOccurrences(of: "T", with: " ")
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.key("error")
        writer.string(error)
        writer.key("error_description")
        writer.string(
            "AADSTS\(code): \(description)\r\nTrace ID: \(traceId)\r\nCorrelation ID: \(correlationId)\r\nTimestamp: \(timestamp)")
        writer.key("error_codes")
        writer.beginArray()
        writer.int(code)
        writer.endArray()
        writer.key("timestamp")
        writer.string(timestamp)
        writer.key("trace_id")
        writer.string(traceId)
        writer.key("correlation_id")
        writer.string(correlationId)
        writer.key("error_uri")
        writer.string(request.baseURL + "/error?code=\(code)")
        writer.endObject()
        return GraphResponse(status: status, body: writer.bytes)
    }

    static func missingParameter(_ name: String) -> EntraError {
        EntraError(
            status: 400, error: "invalid_request", code: 900_144,
            description: "The request body must contain the following parameter: '\(name)'.")
    }
}
