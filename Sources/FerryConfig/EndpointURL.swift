import Foundation

/// Checks a configured endpoint URL: absolute http(s), TLS unless the host is loopback.
enum EndpointURL {
    /// The URL without trailing `/`, or the message that says what is wrong with it, quoting the value as
    /// `shown` (see ``ConfigReader/quoted(_:of:)``); a URL with an `@` is never quoted, as its user info may
    /// hold a password.
    static func normalize(_ text: String, at path: String, shown: String) -> Result<String, EndpointProblem> {
        let shown = text.contains("@") ? "the value given (not shown: user info in a URL may hold a password)" : shown
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") {
            trimmed.removeLast()
        }
        let example = "such as https://graph.microsoft.com or http://127.0.0.1:8080"
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return .failure(EndpointProblem(message: "'\(path)' must be an absolute URL \(example), not \(shown)"))
        }
        guard components.query == nil, components.fragment == nil, components.user == nil else {
            return .failure(EndpointProblem(
                message: "'\(path)' must be a base URL without query, fragment or user info, not \(shown)"))
        }
        switch scheme {
        case "https":
            return .success(trimmed)
        case "http" where isLoopback(host):
            return .success(trimmed)
        case "http":
            return .failure(EndpointProblem(
                message: "'\(path)' must use https; plain http is allowed only for loopback hosts "
                    + "(localhost, 127.0.0.0/8, [::1]), not \(shown)"))
        default:
            return .failure(EndpointProblem(message: "'\(path)' must be an http(s) URL \(example), not \(shown)"))
        }
    }

    /// `localhost`, any 127.x.y.z and `::1`: traffic that never leaves the machine.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            guard let value = Int(octet), octet.allSatisfy(\.isASCII) else { return false }
            return (0...255).contains(value)
        }
    }
}

/// Why an endpoint URL was refused.
struct EndpointProblem: Error {
    var message: String
}
