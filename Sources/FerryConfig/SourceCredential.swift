import Foundation

/// How Ferry proves the app's identity to Entra ID: a client secret, or a certificate and its private key.
///
/// The pipeline gives exactly one: `client_secret`, or the pair `certificate` and `private_key`.
/// No textual form shows the secret.
public enum SourceCredential: Sendable, Equatable, CustomStringConvertible {
    /// `client_secret:`, the app's client secret.
    case clientSecret(Secret)
    /// `certificate:` and `private_key:`, paths to a PEM certificate and its PEM RSA private key (PKCS#1 or
    /// PKCS#8), as written after `${VAR}` expansion. A relative path is relative to the current directory,
    /// as `load.path` is.
    case certificate(certificatePath: String, privateKeyPath: String)

    public var description: String {
        switch self {
        case .clientSecret: "client secret <redacted>"
        case .certificate(let certificate, let key): "certificate \(certificate) with private key \(key)"
        }
    }

    static let keys = ["client_secret", "certificate", "private_key"]

    /// Reads the credential keys of `source:`; `nil` when something is wrong (reported to `reader`).
    static func read(_ mapping: ConfigMapping, reader: inout ConfigReader) -> SourceCredential? {
        let entries = Dictionary(
            mapping.entries.filter { keys.contains($0.key) }.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let certificateEntries = ["certificate", "private_key"].compactMap { entries[$0] }
        guard let secret = entries["client_secret"] else {
            guard !certificateEntries.isEmpty else {
                reader.error(
                    "missing credential in 'source': set 'source.client_secret', or 'source.certificate' and "
                        + "'source.private_key'",
                    at: mapping.position)
                return nil
            }
            return readCertificate(entries, mapping: mapping, reader: &reader)
        }
        if let last = certificateEntries.max(by: { $0.keyPosition < $1.keyPosition }) {
            let names = certificateEntries.map(\.key).joined(separator: ", ")
            reader.error(
                "'source' gives two credentials, client_secret and a certificate (\(names)); keep one: "
                    + "client_secret, or certificate with private_key",
                at: max(last.keyPosition, secret.keyPosition))
            return nil
        }
        return reader.string(secret.value, at: "source.client_secret").map { .clientSecret(Secret($0)) }
    }

    private static func readCertificate(
        _ entries: [String: YAMLEntry], mapping: ConfigMapping, reader: inout ConfigReader
    ) -> SourceCredential? {
        for (key, other) in [("certificate", "private_key"), ("private_key", "certificate")] where entries[key] == nil {
            reader.error(
                "missing required key 'source.\(key)' ('source.\(other)' needs it: a certificate credential is "
                    + "the certificate and its private key)",
                at: mapping.position)
        }
        let certificate = entries["certificate"].flatMap { readPath($0.value, at: "source.certificate", reader: &reader) }
        let key = entries["private_key"].flatMap { readPath($0.value, at: "source.private_key", reader: &reader) }
        guard let certificate, let key else { return nil }
        return .certificate(certificatePath: certificate, privateKeyPath: key)
    }

    /// A path to a readable file. Only existence is checked here; the contents are checked when the
    /// credentials are created, so `ferry validate` never parses key material.
    private static func readPath(_ node: YAMLNode, at path: String, reader: inout ConfigReader) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        let shown = reader.quoted(text, of: node)
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        let relative =
            text.hasPrefix("/")
            ? "" : " (a relative path is relative to the current directory, \(files.currentDirectoryPath))"
        guard files.fileExists(atPath: text, isDirectory: &isDirectory) else {
            reader.error("'\(path)' is \(shown), but there is no such file\(relative)", at: node.position)
            return nil
        }
        guard !isDirectory.boolValue else {
            reader.error("'\(path)' is \(shown), which is a directory; give the path of a PEM file", at: node.position)
            return nil
        }
        guard files.isReadableFile(atPath: text) else {
            reader.error(
                "'\(path)' is \(shown), which this user cannot read; check the file's permissions", at: node.position)
            return nil
        }
        return text
    }
}
