/// Pipeline files built to break a YAML reader: deep nesting, alias bombs, runaway `${VAR}` references.
///
/// Each is a few kilobytes at most and, but for the reader's limits, would exhaust its stack, memory or time.
public enum HostileYAML {
    /// A pipeline head that the hostile part follows, so that the file is otherwise plausible.
    static let head = "name: hostile\n"

    /// `source: [[[...]]]`, `depth` flow lists deep.
    public static func flowNesting(_ depth: Int) -> String {
        head + "source: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    }

    /// `source: {a: {a: ...}}`, `depth` flow mappings deep.
    public static func flowMappingNesting(_ depth: Int) -> String {
        head + "source: " + String(repeating: "{a: ", count: depth) + "x" + String(repeating: "}", count: depth) + "\n"
    }

    /// `- - - ... x` on one line: `depth` block lists, each inside the one before.
    public static func blockNesting(_ depth: Int) -> String {
        head + "datasets:\n  " + String(repeating: "- ", count: depth) + "x\n"
    }

    /// Block mappings, each key one space further in than the one before.
    public static func indentNesting(_ depth: Int) -> String {
        head + "source:\n" + (1...depth).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
    }

    /// `${A:-${A:-...}}` as the client id, `depth` defaults deep.
    public static func interpolationNesting(_ depth: Int) -> String {
        head + "source:\n  client_id: \"" + String(repeating: "${A:-", count: depth) + "x"
            + String(repeating: "}", count: depth) + "\"\n"
    }

    /// `count` references to `variable` in the client id.
    public static func references(_ count: Int, to variable: String = "A") -> String {
        head + "source:\n  client_id: " + String(repeating: "${\(variable)}", count: count) + "\n"
    }

    /// `count` references to as many different variables, none of them set.
    public static func missingReferences(_ count: Int) -> String {
        head + "source:\n  client_id: " + (0..<count).map { "${V\($0)}" }.joined() + "\n"
    }

    /// "Billion laughs": each of `levels` anchors is a list of `width` aliases to the one before,
    /// so the last stands for `width` to the power `levels` scalars.
    public static func aliasBomb(levels: Int, width: Int = 9) -> String {
        var lines = [String(head.dropLast()), "bomb:", "  - &l0 [" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]"]
        for level in 1..<levels {
            lines.append("  - &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
