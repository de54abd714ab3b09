import Foundation

/// The error a Graph or Entra ID (AAD) endpoint put in a failed response's body.
///
/// Graph writes `{"error":{"code":"...","message":"...","innerError":{...}}}`; the token endpoint
/// writes `{"error":"invalid_client","error_description":"AADSTS7000215: ..."}`. Both become a
/// code to branch on and a message for people.
public struct GraphErrorBody: Sendable, Equatable {
    /// The machine-readable code (`MailboxNotEnabledForRESTAPI`, `invalid_client`).
    public var code: String
    /// The human-readable message; may be empty.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The error in `body`, or `nil` when the body is not one of the two shapes.
    public static func parse(_ body: [UInt8]) -> GraphErrorBody? {
        guard body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        if let error = object["error"] as? [String: Any], let code = error["code"] as? String {
            return GraphErrorBody(code: code, message: error["message"] as? String ?? "")
        }
        if let code = object["error"] as? String {
            return GraphErrorBody(code: code, message: object["error_description"] as? String ?? "")
        }
        return nil
    }
}
