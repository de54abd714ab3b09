/// A YAML value with the position it was written at, independent of the YAML parser's types.
///
/// Scalars keep their raw text: typing happens after `${VAR}` interpolation, in ``ConfigReader``.
struct YAMLNode: Sendable {
    enum Content: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLEntry])
        case sequence([YAMLNode])
    }

    var content: Content
    var position: SourcePosition

    /// True for `~`, `null` and an empty value (`key:`), which sections read as "nothing given".
    var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.isNull }
        return false
    }

    /// How the node is named in "must be X, not Y" messages, without its value.
    var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.isNull ? "empty" : "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// A scalar's text and how it was written.
struct YAMLScalar: Sendable {
    var text: String
    /// Written without quotes, so `null` and `~` mean "nothing".
    var isPlain: Bool

    var isNull: Bool {
        isPlain && ["", "~", "null", "Null", "NULL"].contains(text)
    }
}

/// One `key: value` pair of a mapping, with the key's own position for "unknown key" diagnostics.
struct YAMLEntry: Sendable {
    var key: String
    var keyPosition: SourcePosition
    var value: YAMLNode
}
