/// A scalar's text after `${VAR}` expansion, knowing whether the environment (where secrets live) gave it.
///
/// Its textual form is ``quoted``, the one way a diagnostic shows a value: a value written in the file
/// is quoted as it is; a value that came through `${VAR}` is named by the reference as written and
/// never shown, so interpolating a `ConfigValue` into a message cannot leak a secret.
struct ConfigValue: Sendable, CustomStringConvertible {
    /// The expanded text, for the code that uses the value. Never put it into a message: use ``quoted``.
    let text: String
    /// The scalar as written in the file when it used `${...}` (or `$$`); `nil` for plain text.
    let reference: String?

    init(text: String, written: String) {
        self.text = text
        self.reference = written.contains("$") ? written : nil
    }

    /// Whether any of the text may have come from the environment.
    var isFromEnvironment: Bool { reference != nil }

    /// `'text'` for a value written in the file; for one from the environment, the reference alone:
    /// `the value of '${VAR}' (not shown: it comes from the environment)`.
    var quoted: String {
        guard let reference else { return "'\(Self.shortened(text))'" }
        return "the value of '\(Self.shortened(reference))' (not shown: it comes from the environment)"
    }

    /// The longest text a message quotes whole; a longer one is cut, so that a huge value makes no huge message.
    static let longestQuoted = 200

    /// `text`, or its start and an ellipsis when it is longer than ``longestQuoted`` characters.
    static func shortened(_ text: String) -> String {
        text.count <= longestQuoted ? text : String(text.prefix(longestQuoted)) + "…"
    }

    /// The same as ``quoted``, so that `"\(value)"` in a message is safe too.
    var description: String { quoted }
}
