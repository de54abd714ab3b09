import Foundation
import HTTPTypes
import Hummingbird

/// A token endpoint that behaves like Entra ID's client-credentials grant, on a test router.
///
/// Issues `tok-1`, `tok-2`, ... to the right secret, and for a wrong one answers `invalid_client`
/// with a description that echoes the secret back, so tests can prove Ferry scrubs it.
struct FakeEntraID {
    static let tenant = "contoso.onmicrosoft.com"
    static let clientId = "11111111-2222-3333-4444-555555555555"
    /// Characters that must be percent-encoded in a form body.
    static let secret = "s3cr3t+/=&~ü%20"

    let issued = Recorder()
    let forms = Recorder()

    func install(on router: Router<BasicRequestContext>, expiresIn: Int = 3599) {
        let issued = issued
        let forms = forms
        router.post(":tenant/oauth2/v2.0/token") { request, context -> Response in
            var request = request
            let raw = String(buffer: try await request.collectBody(upTo: 1 << 16))
            forms.next(raw)
            let form = Self.decode(raw)
            guard context.parameters.get("tenant") == Self.tenant else {
                return Self.json(#"{"error":"invalid_request","error_description":"AADSTS90002: Tenant not found."}"#, .badRequest)
            }
            guard form["client_id"] == Self.clientId, form["client_secret"] == Self.secret,
                form["grant_type"] == "client_credentials", form["scope"] == "https://graph.microsoft.com/.default"
            else {
                let echoed = form["client_secret"] ?? ""
                return Self.json(
                    #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: \#(echoed)\r\nTrace ID: 0","error_codes":[7000215]}"#,
                    .unauthorized)
            }
            let token = "tok-\(issued.next())"
            return Self.json(#"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"\#(token)"}"#, .ok)
        }
    }

    static func json(_ text: String, _ status: HTTPResponse.Status) -> Response {
        .text(text, status: status, headers: [.contentType: "application/json"])
    }

    static func decode(_ form: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            fields[String(parts[0]).removingPercentEncoding ?? ""] = String(parts[1]).removingPercentEncoding
        }
        return fields
    }
}
