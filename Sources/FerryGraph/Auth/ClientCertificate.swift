import FerryCore
import Crypto
import Foundation
import X509
import _CryptoExtras

/// An app's certificate and RSA private key, read and checked once, that sign client assertions.
///
/// Creating one checks everything Entra ID would otherwise refuse later, with a clearer message: both
/// files are PEM, the key is RSA (PKCS#1 or PKCS#8, 2048 bits or more) and belongs to the certificate, and
/// the certificate is within its validity. No textual form shows the key.
public struct ClientCertificate: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `x5t#S256`: the base64url SHA-256 thumbprint of the certificate's DER encoding, by which Entra ID
    /// finds the certificate registered on the app.
    public let thumbprint: String
    /// The first moment the certificate is valid.
    public let notValidBefore: Date
    /// The last moment the certificate is valid.
    public let notValidAfter: Date
    private let signingKey: _RSA.Signing.PrivateKey

    /// Reads and checks the certificate and private key files (PEM; they may be one and the same file).
    ///
    /// - Parameter now: the moment the certificate must be valid at.
    /// - Throws: ``ClientCertificateError`` naming the file and the problem.
    public init(certificatePath: String, privateKeyPath: String, now: Date = Date()) throws(ClientCertificateError) {
        let certificateText = try Self.read(certificatePath, role: "certificate")
        let keyText = try Self.read(privateKeyPath, role: "private key")
        try self.init(
            certificatePEM: certificateText, privateKeyPEM: keyText, now: now,
            names: (certificatePath, privateKeyPath))
    }

    /// Checks a certificate and private key given as PEM text; messages call them by `names`.
    ///
    /// - Throws: ``ClientCertificateError``.
    public init(
        certificatePEM: String, privateKeyPEM: String, now: Date = Date(),
        names: (certificate: String, privateKey: String) = ("certificate", "private key")
    ) throws(ClientCertificateError) {
        let blocks = PEMBlock.blocks(in: certificatePEM)
        guard let block = blocks.first(where: { $0.label == "CERTIFICATE" }) else {
            throw .noCertificate(names.certificate)
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: block.der)
        } catch {
            throw .invalidCertificate(names.certificate)
        }
        guard let certificateKey = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw .certificateKeyNotRSA(names.certificate)
        }
        let signingKey = try Self.privateKey(in: privateKeyPEM, name: names.privateKey)
        guard signingKey.publicKey.derRepresentation == certificateKey.derRepresentation else {
            throw .keyMismatch(certificate: names.certificate, key: names.privateKey)
        }
        guard now <= certificate.notValidAfter else { throw .expired(names.certificate, on: certificate.notValidAfter) }
        guard now >= certificate.notValidBefore else {
            throw .notYetValid(names.certificate, from: certificate.notValidBefore)
        }
        self.signingKey = signingKey
        thumbprint = Self.base64URL(SHA256.hash(data: block.der))
        notValidBefore = certificate.notValidBefore
        notValidAfter = certificate.notValidAfter
    }

    /// A thumbprint paired with any key, unchecked, so tests can send assertions whose signature cannot verify.
    init(thumbprint: String, signingKey: _RSA.Signing.PrivateKey, notValidBefore: Date, notValidAfter: Date) {
        self.thumbprint = thumbprint
        self.signingKey = signingKey
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
    }

    /// The PS256 signature of `bytes`: RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt.
    func sign(_ bytes: [UInt8]) throws(ClientCertificateError) -> [UInt8] {
        do {
            return Array(try signingKey.signature(for: SHA256.hash(data: bytes), padding: .PSS).rawRepresentation)
        } catch {
            throw .signingFailed
        }
    }

    public var description: String {
        "ClientCertificate(x5t#S256: \(thumbprint), valid until \(UTCTimestamp(notValidAfter).iso8601Seconds), "
            + "private key: <redacted>)"
    }

    public var debugDescription: String { description }

    /// Only the public facts, so reflection-based printing of a containing value cannot reach the key.
    public var customMirror: Mirror {
        Mirror(self, children: ["thumbprint": thumbprint, "notValidAfter": notValidAfter], displayStyle: .struct)
    }

    /// Unpadded base64url (RFC 4648 section 5), as JWTs write binary values.
    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    private static func read(_ path: String, role: String) throws(ClientCertificateError) -> String {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableFile(path, role: role, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadableFile(path, role: role, reason: "it is a directory") }
        guard let data = files.contents(atPath: path) else {
            throw .unreadableFile(path, role: role, reason: "permission denied or a read error; check its permissions")
        }
        // PEM is ASCII; a binary (DER or .pfx) file decodes to text without PEM blocks and is reported as such.
        return String(decoding: data, as: UTF8.self)
    }

    /// The RSA key of the first private-key block of `text`.
    private static func privateKey(in text: String, name: String) throws(ClientCertificateError) -> _RSA.Signing.PrivateKey {
        let keyLabels: Set = ["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY"]
        guard let block = PEMBlock.blocks(in: text).first(where: { keyLabels.contains($0.label) }) else {
            throw .noPrivateKey(name)
        }
        if block.label == "ENCRYPTED PRIVATE KEY" || block.hasHeaders { throw .encryptedKey(name) }
        guard block.label == "PRIVATE KEY" || block.label == "RSA PRIVATE KEY" else {
            throw .keyNotRSA(name, found: block.label)
        }
        let key: _RSA.Signing.PrivateKey
        do {
            // The unsafe initializer accepts keys under 2048 bits, so their size can be reported as such.
            key = try _RSA.Signing.PrivateKey(unsafeDERRepresentation: block.der)
        } catch {
            if block.label == "PRIVATE KEY", (try? Certificate.PrivateKey(derBytes: block.der)) != nil {
                throw .keyNotRSA(name, found: "a PKCS#8 key of another algorithm")
            }
            throw .invalidKey(name)
        }
        guard key.keySizeInBits >= 2048 else { throw .keyTooShort(name, bits: key.keySizeInBits) }
        return key
    }
}
