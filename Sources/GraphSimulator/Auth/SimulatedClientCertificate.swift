import Foundation
import X509
import _CryptoExtras

/// A self-signed client certificate and its RSA key, made on the spot, for tests and demos of certificate
/// credentials: nothing is read from or committed to disk.
///
/// ```swift
/// let client = try SimulatedClientCertificate.generate()
/// var configuration = SimulatorConfiguration()
/// configuration.clientCertificates = [client.trusted]
/// // write client.certificatePEM and client.privateKeyPEM to files for a pipeline's source.certificate
/// ```
public struct SimulatedClientCertificate: Sendable, CustomStringConvertible {
    /// The certificate, PEM.
    public let certificatePEM: String
    /// The private key, PEM, PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`).
    public let privateKeyPEM: String
    /// The same private key, PEM, PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
    public let pkcs8PrivateKeyPEM: String
    /// The certificate as the simulator trusts it.
    public let trusted: TrustedCertificate

    /// A new 2048-bit RSA key and a self-signed certificate for it, valid between the two dates.
    public static func generate(
        commonName: String = "Ferry simulator client",
        notValidBefore: Date = Date(timeIntervalSinceNow: -3600),
        notValidAfter: Date = Date(timeIntervalSinceNow: 86_400)
    ) throws -> SimulatedClientCertificate {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notValidBefore, notValidAfter: notValidAfter, issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(),
            issuerPrivateKey: Certificate.PrivateKey(key))
        let pem = try certificate.serializeAsPEM().pemString
        return SimulatedClientCertificate(
            certificatePEM: pem, privateKeyPEM: key.pemRepresentation, pkcs8PrivateKeyPEM: key.pkcs8PEMRepresentation,
            trusted: try TrustedCertificate(pemEncoded: pem))
    }

    public var description: String {
        "SimulatedClientCertificate(x5t#S256: \(trusted.thumbprint), private key: <redacted>)"
    }
}
