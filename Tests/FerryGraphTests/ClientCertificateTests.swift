import Foundation
import Testing
import X509
import _CryptoExtras

@testable import FerryGraph

/// Reading and checking a certificate credential's files, before any request is made.
@Suite("ClientCertificate")
struct ClientCertificateTests {
    /// Loads `certificate` and `key`, expecting a refusal; returns it after checking it holds no key material.
    static func refusal(
        _ files: CertificateFiles, certificate: String, key: String, now: Date = Date(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ClientCertificateError {
        let error = try #require(throws: ClientCertificateError.self, sourceLocation: sourceLocation) {
            try ClientCertificate(certificatePath: certificate, privateKeyPath: key, now: now)
        }
        files.expectNoKeyMaterial(in: error.description, sourceLocation: sourceLocation)
        files.expectNoKeyMaterial(in: String(reflecting: error), sourceLocation: sourceLocation)
        return error
    }

    @Test func pkcs1Pkcs8AndCombinedFilesGiveTheSameThumbprint() throws {
        let files = try CertificateFiles()
        let pkcs1 = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        let pkcs8 = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.pkcs8KeyPath)
        let combined = try ClientCertificate(certificatePath: files.combinedPath, privateKeyPath: files.combinedPath)
        #expect(pkcs1.thumbprint == pkcs8.thumbprint)
        #expect(pkcs1.thumbprint == combined.thumbprint)

        // x5t#S256 is the unpadded base64url SHA-256 of the certificate's DER bytes, computed here independently.
        let body = files.generated.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: body))
        let expected = Data(SHA256.hash(data: der)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        #expect(pkcs1.thumbprint == expected)
        #expect(pkcs1.thumbprint.count == 43)
        #expect(pkcs1.thumbprint == files.generated.trusted.thumbprint)
    }

    @Test func printingNeverShowsTheKey() throws {
        let files = try CertificateFiles()
        let certificate = try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: files.keyPath)
        let credentials = ClientCredentials(tenant: "contoso", clientId: "app", certificate: certificate)
        for text in ["\(certificate)", String(reflecting: certificate), "\(credentials)", String(reflecting: credentials)] {
            files.expectNoKeyMaterial(in: text)
            #expect(text.contains(certificate.thumbprint))
        }
        var dumped = ""
        dump(credentials, to: &dumped)
        dump(certificate, to: &dumped)
        files.expectNoKeyMaterial(in: dumped)
        let secret = ClientCredentials(tenant: "contoso", clientId: "app", clientSecret: "hunter2-hunter2")
        dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2") && !"\(secret)".contains("hunter2"))
    }

    @Test func missingAndNonPEMFilesAreNamed() throws {
        let files = try CertificateFiles()
        let missing = files.path("none.pem")
        let error = try Self.refusal(files, certificate: missing, key: files.keyPath)
        #expect(error.code == .unreadableFile)
        #expect(error.description == "cannot read the certificate file '\(missing)': no such file")
        let missingKey = try Self.refusal(files, certificate: files.certificatePath, key: missing)
        #expect(missingKey.description == "cannot read the private key file '\(missing)': no such file")
        #expect(try Self.refusal(files, certificate: files.directory.path, key: files.keyPath).code == .unreadableFile)

        // A DER certificate, as Windows exports .cer files.
        let body = files.generated.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let derPath = files.path("app.cer")
        try #require(Data(base64Encoded: body)).write(to: URL(fileURLWithPath: derPath))
        let notPEM = try Self.refusal(files, certificate: derPath, key: files.keyPath)
        #expect(notPEM.code == .noCertificate)
        #expect(notPEM.description.hasPrefix("'\(derPath)' holds no PEM certificate"))

        let noKey = try Self.refusal(files, certificate: files.certificatePath, key: files.certificatePath)
        #expect(noKey.code == .noPrivateKey)
        let garbled = try files.write("garbled.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        #expect(try Self.refusal(files, certificate: garbled, key: files.keyPath).code == .invalidCertificate)
        let badKey = try files.write("bad.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
        #expect(try Self.refusal(files, certificate: files.certificatePath, key: badKey).code == .invalidKey)
    }

    @Test func keysThatAreNotRSAAreRefused() throws {
        let files = try CertificateFiles()
        let ecKey = P256.Signing.PrivateKey()
        let pkcs8 = try files.write("ec.key", ecKey.pemRepresentation)
        let error = try Self.refusal(files, certificate: files.certificatePath, key: pkcs8)
        #expect(error.code == .keyNotRSA)
        #expect(error.description.contains("is not an RSA key"))
        let sec1 = try files.write("ec-sec1.key", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")
        #expect(try Self.refusal(files, certificate: files.certificatePath, key: sec1).description.contains("'EC PRIVATE KEY'"))

        // A certificate whose own key is P-256.
        let name = try DistinguishedName { CommonName("ec client") }
        let ecCertificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(ecKey.publicKey), notValidBefore: Date() - 3600,
            notValidAfter: Date() + 3600, issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: .init(), issuerPrivateKey: .init(ecKey))
        let ecPath = try files.write("ec.pem", try ecCertificate.serializeAsPEM().pemString)
        #expect(try Self.refusal(files, certificate: ecPath, key: files.keyPath).code == .certificateKeyNotRSA)
    }

    @Test func encryptedAndShortKeysAreRefused() throws {
        let files = try CertificateFiles()
        let encrypted = try files.write(
            "enc.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0w\n-----END ENCRYPTED PRIVATE KEY-----\n")
        let error = try Self.refusal(files, certificate: files.certificatePath, key: encrypted)
        #expect(error.code == .encryptedKey)
        #expect(error.description.contains("encrypted with a passphrase"))
        let traditional = try files.write(
            "trad.key",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n")
        #expect(try Self.refusal(files, certificate: files.certificatePath, key: traditional).code == .encryptedKey)

        let short = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let shortPath = try files.write("short.key", short.pemRepresentation)
        let tooShort = try #require(throws: ClientCertificateError.self) {
            try ClientCertificate(certificatePath: files.certificatePath, privateKeyPath: shortPath)
        }
        #expect(tooShort.code == .keyTooShort)
        #expect(tooShort.description.contains("has 1024 bits; Entra ID needs at least 2048"))
    }

    @Test func aKeyOfAnotherCertificateIsAMismatch() throws {
        let files = try CertificateFiles()
        let other = try CertificateFiles()
        let error = try Self.refusal(files, certificate: files.certificatePath, key: other.keyPath)
        other.expectNoKeyMaterial(in: error.description)
        #expect(error.code == .keyMismatch)
        #expect(
            error.description == "the private key in '\(other.keyPath)' does not belong to the certificate in "
                + "'\(files.certificatePath)' (their public keys differ); give the key the certificate was created with")
    }

    @Test func anExpiredOrNotYetValidCertificateIsRefused() throws {
        let expired = try CertificateFiles(
            notValidBefore: Date(timeIntervalSinceNow: -10 * 86_400), notValidAfter: Date(timeIntervalSinceNow: -86_400))
        let error = try Self.refusal(expired, certificate: expired.certificatePath, key: expired.keyPath)
        #expect(error.code == .expired)
        #expect(error.description.contains("expired on"))
        #expect(error.description.contains("upload it to the app registration"))
        // The same files were fine while the certificate was valid.
        let back = try ClientCertificate(
            certificatePath: expired.certificatePath, privateKeyPath: expired.keyPath,
            now: Date(timeIntervalSinceNow: -2 * 86_400))
        #expect(back.notValidAfter < Date())

        let future = try CertificateFiles(
            notValidBefore: Date(timeIntervalSinceNow: 86_400), notValidAfter: Date(timeIntervalSinceNow: 10 * 86_400))
        let early = try Self.refusal(future, certificate: future.certificatePath, key: future.keyPath)
        #expect(early.code == .notYetValid)
        #expect(early.description.contains("check this machine's clock"))
    }
}
