import Foundation

/// One `-----BEGIN LABEL-----` ... `-----END LABEL-----` block of a PEM file (RFC 7468), decoded.
///
/// Read by hand rather than through a PEM parser that takes only one block, because a certificate file
/// often holds a chain, or the certificate and its key together.
struct PEMBlock: Sendable {
    /// The label: `CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY`, ...
    var label: String
    /// The DER bytes the base64 body encodes.
    var der: [UInt8]
    /// True when the block has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`), as an OpenSSL-encrypted
    /// traditional key does; its body is then ciphertext, not DER.
    var hasHeaders: Bool

    /// Every well-formed block of `text`, in order; text around and between blocks is ignored.
    static func blocks(in text: String) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: String?
        var body = ""
        var hasHeaders = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let open = label {
                if line == "-----END \(open)-----" {
                    if let der = Data(base64Encoded: body, options: .ignoreUnknownCharacters), !der.isEmpty {
                        blocks.append(PEMBlock(label: open, der: Array(der), hasHeaders: hasHeaders))
                    }
                    label = nil
                } else if line.contains(":") {
                    hasHeaders = true
                } else {
                    body += line
                }
            } else if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----"), line.count > 16 {
                label = String(line.dropFirst(11).dropLast(5))
                body = ""
                hasHeaders = false
            }
        }
        return blocks
    }
}
