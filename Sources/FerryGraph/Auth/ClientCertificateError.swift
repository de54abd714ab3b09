import FerryCore
import Foundation

/// A certificate credential that cannot be used: a file is missing or is not what it should be, the key
/// does not belong to the certificate, or the certificate is outside its validity.
///
/// Messages name the files and what to do; they never contain key material or the files' contents.
public struct ClientCertificateError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case unreadableFile
        case noCertificate
        case invalidCertificate
        case certificateKeyNotRSA
        case noPrivateKey
        case encryptedKey
        case keyNotRSA
        case invalidKey
        case keyTooShort
        case keyMismatch
        case expired
        case notYetValid
        case signingFailed
    }

    let code: Code
    /// What went wrong and what to do about it.
    public let description: String

    static func unreadableFile(_ path: String, role: String, reason: String) -> Self {
        Self(code: .unreadableFile, description: "cannot read the \(role) file '\(path)': \(reason)")
    }

    static func noCertificate(_ path: String) -> Self {
        Self(
            code: .noCertificate,
            description: "'\(path)' holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block); convert a "
                + "DER .cer with 'openssl x509 -inform der -in app.cer -out app.pem', or a .pfx with "
                + "'openssl pkcs12 -in app.pfx -clcerts -nokeys -out app.pem'")
    }

    static func invalidCertificate(_ path: String) -> Self {
        Self(
            code: .invalidCertificate,
            description: "the certificate in '\(path)' is not a valid X.509 certificate; export it again as PEM")
    }

    static func certificateKeyNotRSA(_ path: String) -> Self {
        Self(
            code: .certificateKeyNotRSA,
            description: "the certificate in '\(path)' does not have an RSA key; Ferry signs client assertions with "
                + "PS256, which needs an RSA certificate (2048 bits or more)")
    }

    static func noPrivateKey(_ path: String) -> Self {
        Self(
            code: .noPrivateKey,
            description: "'\(path)' holds no PEM private key (a '-----BEGIN PRIVATE KEY-----' or "
                + "'-----BEGIN RSA PRIVATE KEY-----' block); extract it from a .pfx with "
                + "'openssl pkcs12 -in app.pfx -nocerts -nodes -out key.pem'")
    }

    static func encryptedKey(_ path: String) -> Self {
        Self(
            code: .encryptedKey,
            description: "the private key in '\(path)' is encrypted with a passphrase, which Ferry cannot enter; "
                + "store it unencrypted ('openssl pkey -in \(path) -out key.pem') and protect the file with its "
                + "permissions instead")
    }

    static func keyNotRSA(_ path: String, found label: String) -> Self {
        Self(
            code: .keyNotRSA,
            description: "the private key in '\(path)' is not an RSA key (found '\(label)'); Ferry signs client "
                + "assertions with PS256, which needs the certificate's RSA key")
    }

    static func invalidKey(_ path: String) -> Self {
        Self(
            code: .invalidKey,
            description: "the private key in '\(path)' cannot be read as an RSA private key (PKCS#1 or PKCS#8); "
                + "export it again as PEM")
    }

    static func keyTooShort(_ path: String, bits: Int) -> Self {
        Self(
            code: .keyTooShort,
            description: "the RSA key in '\(path)' has \(bits) bits; Entra ID needs at least 2048: create a new "
                + "certificate with a longer key")
    }

    static func keyMismatch(certificate: String, key: String) -> Self {
        Self(
            code: .keyMismatch,
            description: "the private key in '\(key)' does not belong to the certificate in '\(certificate)' (their "
                + "public keys differ); give the key the certificate was created with")
    }

    static func expired(_ path: String, on date: Date) -> Self {
        Self(
            code: .expired,
            description: "the certificate in '\(path)' expired on \(Self.format(date)); create a new certificate, "
                + "upload it to the app registration (Certificates & secrets), and point source.certificate and "
                + "source.private_key at it")
    }

    static func notYetValid(_ path: String, from date: Date) -> Self {
        Self(
            code: .notYetValid,
            description: "the certificate in '\(path)' is not valid before \(Self.format(date)); check this "
                + "machine's clock, or wait until then")
    }

    static var signingFailed: Self {
        Self(code: .signingFailed, description: "could not sign the client assertion with the certificate's private key")
    }

    private static func format(_ date: Date) -> String {
        UTCTimestamp(date).iso8601Seconds
    }
}
