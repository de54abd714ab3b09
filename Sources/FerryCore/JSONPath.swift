/// A path into a JSON value: object keys, and `[]` for every element of an array.
///
/// Written as `emailAddress.address`, `toRecipients[].emailAddress.address` or `[].name`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case eachElement
    }

    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Parses the dotted form; returns `nil` for an empty path or an empty key.
    public init?(parsing text: String) {
        var segments: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var key = Substring(part)
            var arrays = 0
            while key.hasSuffix("[]") {
                key = key.dropLast(2)
                arrays += 1
            }
            if !key.isEmpty {
                guard !key.contains("["), !key.contains("]") else { return nil }
                segments.append(.key(String(key)))
            } else if arrays == 0 {
                return nil
            }
            segments.append(contentsOf: repeatElement(.eachElement, count: arrays))
        }
        guard !segments.isEmpty else { return nil }
        self.segments = segments
    }

    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .eachElement:
                text += "[]"
            }
        }
        return text
    }
}
