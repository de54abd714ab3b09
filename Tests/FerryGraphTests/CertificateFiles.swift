import FerryTestSupport
import Foundation
import GraphSimulator
import Testing

/// A client certificate and its key generated for one test, written as PEM files in a temporary folder.
///
/// Nothing is committed: every key is made at test time and removed with the folder.
final class CertificateFiles {
    private let temporary: TemporaryDirectory
    var directory: URL { temporary.url }
    let generated: SimulatedClientCertificate

    init(
        notValidBefore: Date = Date(timeIntervalSinceNow: -3600), notValidAfter: Date = Date(timeIntervalSinceNow: 86_400)
    ) throws {
        temporary = try TemporaryDirectory()
        generated = try SimulatedClientCertificate.generate(notValidBefore: notValidBefore, notValidAfter: notValidAfter)
        try write("app.pem", generated.certificatePEM)
        try write("app.key", generated.privateKeyPEM)
        try write("app-pkcs8.key", generated.pkcs8PrivateKeyPEM)
        try write("combined.pem", generated.certificatePEM + "\n" + generated.privateKeyPEM)
    }

    var certificatePath: String { path("app.pem") }
    var keyPath: String { path("app.key") }
    var pkcs8KeyPath: String { path("app-pkcs8.key") }
    var combinedPath: String { path("combined.pem") }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return path(name)
    }

    /// Fails the test if `text` contains any line of the private key's base64 (PKCS#1 or PKCS#8).
    func expectNoKeyMaterial(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for pem in [generated.privateKeyPEM, generated.pkcs8PrivateKeyPEM] {
            for line in pem.split(separator: "\n") where !line.hasPrefix("-----") && line.count >= 16 {
                #expect(!text.contains(line), "key material in: \(text)", sourceLocation: sourceLocation)
            }
        }
        // Advice may name a PEM header; a whole block would end with its footer.
        #expect(!text.contains("-----END"), sourceLocation: sourceLocation)
    }
}
