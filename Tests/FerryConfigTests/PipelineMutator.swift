import FerryTestSupport


/// Mutates a pipeline file the way a careless editor or a hostile tester would: flipped bytes, lost
/// and repeated lines, stray YAML indicators, deep nesting, alias bombs, huge values, and references
/// to a secret variable in every place.
struct PipelineMutator {
    /// The variable whose value no message may show.
    let secretVariable: String
    var generator: SeededGenerator

    /// Every key a pipeline knows, so that inserted lines land on real keys too.
    static let keys = [
        "name", "source", "cloud", "graph_url", "login_url", "tenant", "client_id", "client_secret", "certificate",
        "private_key", "scope", "users", "exclude_guests", "groups", "filter", "window", "column", "last", "start",
        "end", "datasets", "dataset", "incremental", "transform", "pseudonymize", "key", "modes", "columns", "email",
        "text", "load", "format", "compression", "level", "path", "max_rows_per_file", "max_bytes_per_file",
        "schedule", "cron", "timezone", "catch_up", "throttle", "max_concurrency", "schemas",
    ]

    static let indicators = [
        "[", "]", "{", "}", ":", ": ", "- ", "? ", "&a ", "*a", "!!str ", "!x ", "|", ">", "'", "\"", "#", "%",
        "@", "`", ",", "\t", "\n", "${", "$$", "}", "${A:-", "\\", "\u{0}", "\u{FEFF}", "é", "---\n", "...\n",
    ]

    static let values = [
        "0", "-1", "99999999999999999999", "1.5", "2026-02-30", "2026-01-01", "7d", "0d", "all", "none", "~", "null",
        "[]", "{}", "\"\"", "''", "true", "yes", "@daily", "@every 0s", "\"61 * * * *\"", "http://example.com",
        "https://u:p@host", "custom", "delta", "messages", "users", "keep", "hash", "csv", "./out", "/dev/null",
        "\"${UNSET}\"", "\"$$\"", "\"${}\"", "&x value", "*x",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...items.count - 1)]
    }

    /// A reference to the secret in one of the forms a file may use.
    mutating func secretReference() -> String {
        pick([
            "${\(secretVariable)}", "\"x-${\(secretVariable)}-y\"", "${UNSET:-${\(secretVariable)}}",
            "\"${\(secretVariable)}${\(secretVariable)}\"", "[${\(secretVariable)}]", "{a: ${\(secretVariable)}}",
        ])
    }

    /// `text` after one to three mutations.
    mutating func mutate(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<int(1...3) {
            bytes = mutateOnce(bytes)
        }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        let line = int(0...max(0, lines.count - 1))
        // Secrets in values come up most often (9, 14 to 16): a leak hides behind one key of many.
        switch int(0...16) {
        case 0 where !bytes.isEmpty:
            bytes[int(0...bytes.count - 1)] ^= UInt8(1 << int(0...7))
            return bytes
        case 1 where !bytes.isEmpty:
            let start = int(0...bytes.count - 1)
            bytes.removeSubrange(start..<min(bytes.count, start + int(1...20)))
            return bytes
        case 2:
            lines.insert(lines[line], at: line)
        case 3:
            lines.remove(at: line)
        case 4:
            lines.swapAt(line, int(0...lines.count - 1))
        case 5:
            let at = int(0...bytes.count)
            bytes.insert(contentsOf: Array(pick(Self.indicators).utf8), at: at)
            return bytes
        case 6:
            lines.insert(pick(deepNesting()), at: line)
        case 7:
            let bomb = HostileYAML.aliasBomb(levels: int(2...10), width: int(2...10))
            lines.insert(contentsOf: bomb.split(separator: "\n").dropFirst().map(String.init), at: line)
        case 8:
            lines[line] = replacingValue(of: lines[line], with: String(repeating: "v", count: pick([100, 10_000, 300_000])))
        case 9, 14, 15, 16:
            lines[line] = replacingValue(of: lines[line], with: secretReference())
        case 10:
            let indent = String(repeating: " ", count: pick([0, 2, 4, 6]))
            lines.insert("\(indent)\(pick(Self.keys)): \(secretReference())", at: line)
        case 11:
            lines[line] = replacingValue(of: lines[line], with: pick(Self.values))
        case 12:
            let depth = int(1...40)
            lines[line] = replacingValue(
                of: lines[line],
                with: "\"" + String(repeating: "${A:-", count: depth) + "${\(secretVariable)}"
                    + String(repeating: "}", count: depth) + "\"")
        default:
            let indent = String(repeating: " ", count: pick([0, 2, 4]))
            lines.insert("\(indent)\(pick(Self.keys)): \(pick(Self.values))", at: line)
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    private mutating func deepNesting() -> [String] {
        let depth = pick([10, 63, 64, 65, 500, 5_000])
        return [
            "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            "x: " + String(repeating: "{a: ", count: depth) + String(repeating: "}", count: depth),
            "x:\n  " + String(repeating: "- ", count: depth) + "y",
            "  " + String(repeating: "- ", count: depth),
            "x: " + String(repeating: "[", count: depth),
        ]
    }

    /// The line with the value after its `key:` replaced, or `key: value` when it has none.
    private func replacingValue(of line: String, with value: String) -> String {
        guard let colon = line.range(of: ": ") ?? line.range(of: ":", options: .backwards) else {
            return line + " " + value
        }
        return line[..<colon.lowerBound] + ": " + value
    }
}
