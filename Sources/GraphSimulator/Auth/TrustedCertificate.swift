import Crypto
import Foundation
import X509
import _CryptoExtras

/// A client certificate registered on the simulated app: its assertions are verified with this key.
///
/// Entra ID finds the certificate by the `x5t#S256` header of the assertion, so that is what it is kept by.
public struct TrustedCertificate: Sendable {
    /// `x5t#S256`: the unpadded base64url SHA-256 of the certificate's DER encoding.
    public let thumbprint: String
    /// The first moment the key may be used.
    public let notValidBefore: Date
    /// The last moment the key may be used; Entra ID refuses assertions signed by an expired key.
    public let notValidAfter: Date
    let publicKey: _RSA.Signing.PublicKey

    /// Reads the first certificate of a PEM text (a file may hold a chain, or a certificate and its key).
    ///
    /// - Throws: `SimulatorConfigurationError` when there is no PEM certificate or its key is not RSA.
    public init(pemEncoded text: String) throws(SimulatorConfigurationError) {
        guard let der = Self.firstCertificate(in: text) else {
            throw .invalidValue(
                "clientCertificates", "text without a PEM certificate", "a PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw .invalidValue("clientCertificates", "not an X.509 certificate", "a PEM X.509 certificate")
        }
        guard let key = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw .invalidValue("clientCertificates", "a certificate without an RSA key", "a certificate with an RSA key")
        }
        let digest = Array(SHA256.hash(data: der))
        publicKey = key
        thumbprint = Self.base64URL(digest)
        notValidBefore = certificate.notValidBefore
        notValidAfter = certificate.notValidAfter
    }

    /// Unpadded base64url, as JWT headers write thumbprints.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Base64Text.string(bytes, alphabet: .urlSafe)
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The DER bytes of the first `CERTIFICATE` block.
    private static func firstCertificate(in text: String) -> [UInt8]? {
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
            let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex)
        else { return nil }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let der = Base64Text.decode(body), !der.isEmpty else { return nil }
        return der
    }
}
