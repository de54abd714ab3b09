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

    // MARK: Client assertions (certificate credentials)

    /// AADSTS50027: the assertion is not a JWT, or lacks what every assertion must carry.
    static func malformedAssertion(_ detail: String) -> EntraError {
        EntraError(
            status: 400, error: "invalid_request", code: 50027,
            description: "JWT token is invalid or malformed. \(detail)")
    }

    /// AADSTS700027: no registered key has the assertion's thumbprint, the key has expired, or the signature
    /// does not verify with it.
    static func assertionSignature(reason: String, thumbprint: String, found key: TrustedCertificate? = nil) -> EntraError {
        var description = "Client assertion contains an invalid signature. [Reason - \(reason), Thumbprint of key used by "
            + "client: '\(thumbprint)'"
        if let key {
            description += ", Found key 'Start=\(Self.format(key.notValidBefore)), End=\(Self.format(key.notValidAfter))'"
        }
        description += "]. The simulator trusts the certificates of --client-certificate."
        return EntraError(status: 401, error: "invalid_client", code: 700_027, description: description)
    }

    /// AADSTS700023: `aud` is not this tenant's token endpoint.
    static func assertionAudience(_ audience: String) -> EntraError {
        EntraError(
            status: 400, error: "invalid_client", code: 700_023,
            description: "Client assertion audience claim does not match Realm issuer. The audience must be this "
                + "tenant's token endpoint, .../{tenant}/oauth2/v2.0/token, not '\(audience)'.")
    }

    /// AADSTS700021: `iss` or `sub` is not the `client_id` of the request.
    static var assertionClientId: EntraError {
        EntraError(
            status: 400, error: "invalid_client", code: 700_021,
            description: "Client assertion application identifier doesn't match 'client_id' parameter. The 'iss' and "
                + "'sub' claims must both be the client id.")
    }

    /// AADSTS700024: the assertion has expired, or is not valid yet.
    static func assertionTime(now: Double, notBefore: Double?, expiry: Double) -> EntraError {
        var description = "Client assertion is not within its valid time range. Current time: \(Self.format(now))"
        if let notBefore { description += ", assertion valid from \(Self.format(notBefore))" }
        description += ", expiry time of assertion \(Self.format(expiry))."
        return EntraError(status: 400, error: "invalid_client", code: 700_024, description: description)
    }

    /// The time as Entra writes it; a claim's number is clamped to 1970-9999 first, since it comes from
    /// the request and may be anything.
    private static func format(_ seconds: Double) -> String {
        let clamped = seconds.isFinite ? seconds.clamped(to: 0...253_402_300_799) : 0
        return GraphTimestamp.string(epochSeconds: Int64(clamped.rounded(.down)))
    }

    private static func format(_ date: Date) -> String {
        format(date.timeIntervalSince1970)
    }
}
