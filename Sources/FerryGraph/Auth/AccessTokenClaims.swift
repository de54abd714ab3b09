import FerryCore
import Foundation

/// What an access token says about itself: read from an Entra ID token (a JWT) without verifying its
/// signature, only to report (`ferry check`): the application permissions in its `roles` claim, its tenant,
/// app and expiry.
///
/// Microsoft asks clients to treat Graph's tokens as opaque, and Graph alone decides what a token allows;
/// nothing here grants or refuses anything. A token that is not a JWT (or whose claims are not JSON) has
/// no claims to read: `init` returns nil and callers say so.
public struct AccessTokenClaims: Sendable, Equatable {
    /// The application permissions granted to the app (`roles`), sorted; empty when the claim is absent.
    public var roles: [String]
    /// When the token expires (`exp`), if it says.
    public var expiresAt: Date?
    /// The tenant (`tid`) and the app (`appid`, or `azp` in v2.0 tokens), if they are named.
    public var tenantId: String?
    public var appId: String?
    /// The resource the token is for (`aud`).
    public var audience: String?
    /// True for an app-only token (`idtyp: app`, or `roles` without a user's `scp`).
    public var isAppOnly: Bool

    /// Reads the claims of `token`; nil when it is not a JWT with a JSON object for its claims.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Self.base64URLDecode(parts[1]),
            let claims = try? JSONParser.parse(bytes), case .object = claims
        else { return nil }
        if case .array(let values)? = claims["roles"] {
            roles = values.compactMap(\.stringValue).sorted()
        } else {
            roles = []
        }
        switch claims["exp"] {
        case .number(let seconds)? where seconds.isFinite: expiresAt = Date(timeIntervalSince1970: seconds)
        default: expiresAt = nil
        }
        tenantId = claims["tid"]?.stringValue
        appId = claims["appid"]?.stringValue ?? claims["azp"]?.stringValue
        audience = claims["aud"]?.stringValue
        isAppOnly = claims["idtyp"]?.stringValue == "app" || (claims["scp"] == nil && claims["roles"] != nil)
    }

    /// Decodes base64url (padding optional); nil for anything else.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
