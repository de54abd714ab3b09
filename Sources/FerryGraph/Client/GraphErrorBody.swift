import FerryCore

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
        guard let object = try? JSONParser.parse(body), case .object = object else { return nil }
        switch object["error"] {
        case .object?:
            guard let code = object["error"]?["code"]?.stringValue else { return nil }
            return GraphErrorBody(code: code, message: object["error"]?["message"]?.stringValue ?? "")
        case .string(let code)?:
            return GraphErrorBody(code: code, message: object["error_description"]?.stringValue ?? "")
        default:
            return nil
        }
    }
}

extension GraphErrorBody {
    /// True for Exchange Online's 403 on a mailbox an application access policy or RBAC for Applications leaves
    /// out of the app's reach (`ErrorAccessDenied`, "Access to OData is disabled: [RAOP] : Blocked by tenant
    /// configured AppOnly AccessPolicy settings."), as opposed to the same code for a permission the app lacks
    /// ("Access is denied. Check credentials and try again."), which refuses every mailbox.
    public var isMailboxAccessPolicy: Bool {
        guard code == "ErrorAccessDenied" else { return false }
        return message.contains("AccessPolicy") || message.contains("[RAOP]") || message.lowercased().contains("access policy")
    }
}
