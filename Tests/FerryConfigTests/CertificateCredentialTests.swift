import Foundation
import Testing

@testable import FerryConfig

/// `source.certificate` and `source.private_key`, the certificate credential, beside `client_secret`.
@Suite struct CertificateCredentialTests {
    /// A fixture holding two (placeholder) PEM files; the config only checks that they exist.
    let fixture: Fixture
    let certificate: URL
    let key: URL

    init() throws {
        fixture = try Fixture()
        certificate = try fixture.write("certs/app.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
        key = try fixture.write("certs/app.key", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
    }

    var environment: [String: String] {
        Fixture.environment.merging(["CERT": certificate.path, "KEY": key.path]) { $1 }
    }

    /// `source:` with the given credential lines, then one dataset.
    static func pipeline(_ credentialLines: String) -> String {
        "name: test\nsource:\n  tenant: contoso\n  client_id: app\n" + credentialLines + "datasets:\n  - dataset: users\n"
    }

    func diagnostics(_ yaml: String) throws -> [String] {
        let file = try fixture.write("pipeline.yaml", yaml)
        return PipelineLoader(environment: environment, schemaDirectory: Fixture.schemas).validate(file)
            .map { "\($0.line):\($0.column): \($0.message)" }
    }

    @Test func aCertificateAndKeyWithVariablesLoad() throws {
        let file = try fixture.write("pipeline.yaml", Self.pipeline("  certificate: ${CERT}\n  private_key: ${KEY}\n"))
        let pipeline = try PipelineLoader(environment: environment, schemaDirectory: Fixture.schemas).load(file)
        #expect(pipeline.source.credential == .certificate(certificatePath: certificate.path, privateKeyPath: key.path))
        #expect(pipeline.source.clientSecret == nil)
        #expect("\(pipeline.source.credential)" == "certificate \(certificate.path) with private key \(key.path)")
    }

    @Test func aClientSecretStillLoads() throws {
        let file = try fixture.write("pipeline.yaml", Self.pipeline("  client_secret: ${SECRET}\n"))
        let pipeline = try PipelineLoader(environment: environment, schemaDirectory: Fixture.schemas).load(file)
        #expect(pipeline.source.credential == .clientSecret(Secret("s3cret-value-never-shown")))
        #expect(pipeline.source.clientSecret?.value == "s3cret-value-never-shown")
        #expect(!"\(pipeline.source.credential)".contains("s3cret"))
    }

    @Test func bothCredentialsAreOneErrorAtTheLaterKey() throws {
        let yaml = Self.pipeline("  client_secret: ${SECRET}\n  certificate: ${CERT}\n  private_key: ${KEY}\n")
        #expect(
            try diagnostics(yaml) == [
                "7:3: 'source' gives two credentials, client_secret and a certificate (certificate, private_key); "
                    + "keep one: client_secret, or certificate with private_key"
            ])
        let reversed = Self.pipeline("  certificate: ${CERT}\n  client_secret: ${SECRET}\n")
        #expect(
            try diagnostics(reversed) == [
                "6:3: 'source' gives two credentials, client_secret and a certificate (certificate); keep one: "
                    + "client_secret, or certificate with private_key"
            ])
    }

    @Test func noCredentialIsAnErrorAtTheSourceMapping() throws {
        #expect(
            try diagnostics(Self.pipeline("")) == [
                "3:3: missing credential in 'source': set 'source.client_secret', or 'source.certificate' and "
                    + "'source.private_key'"
            ])
    }

    @Test func halfACertificateCredentialNamesTheMissingKey() throws {
        #expect(
            try diagnostics(Self.pipeline("  certificate: ${CERT}\n")) == [
                "3:3: missing required key 'source.private_key' ('source.certificate' needs it: a certificate "
                    + "credential is the certificate and its private key)"
            ])
        #expect(
            try diagnostics(Self.pipeline("  private_key: ${KEY}\n")) == [
                "3:3: missing required key 'source.certificate' ('source.private_key' needs it: a certificate "
                    + "credential is the certificate and its private key)"
            ])
    }

    @Test func missingFilesDirectoriesAndUnsetVariablesArePositioned() throws {
        let missing = fixture.directory.appendingPathComponent("certs/none.pem").path
        let yaml = Self.pipeline("  certificate: \(missing)\n  private_key: \(fixture.directory.path)\n")
        #expect(
            try diagnostics(yaml) == [
                "5:16: 'source.certificate' is '\(missing)', but there is no such file",
                "6:16: 'source.private_key' is '\(fixture.directory.path)', which is a directory; give the path of "
                    + "a PEM file",
            ])
        let unset = Self.pipeline("  certificate: ${FERRY_CERT}\n  private_key: ${KEY}\n")
        #expect(
            try diagnostics(unset) == [
                "5:16: environment variable FERRY_CERT is not set (in 'source.certificate'); set it, or give a "
                    + "default with ${FERRY_CERT:-value}"
            ])
    }

    @Test func aRelativePathIsRelativeToTheCurrentDirectory() throws {
        let relative = "ferry-no-such-dir-\(UUID().uuidString)/app.pem"
        let messages = try diagnostics(Self.pipeline("  certificate: \(relative)\n  private_key: ${KEY}\n"))
        #expect(
            messages == [
                "5:16: 'source.certificate' is '\(relative)', but there is no such file (a relative path is "
                    + "relative to the current directory, \(FileManager.default.currentDirectoryPath))"
            ])
    }

    @Test func aTypoGetsADidYouMean() throws {
        let yaml = Self.pipeline("  certificat: ${CERT}\n  private_key: ${KEY}\n")
        #expect(
            try diagnostics(yaml) == [
                "3:3: missing required key 'source.certificate' ('source.private_key' needs it: a certificate "
                    + "credential is the certificate and its private key)",
                "5:3: unknown key 'certificat' in 'source'; did you mean 'certificate'?",
            ])
    }
}
