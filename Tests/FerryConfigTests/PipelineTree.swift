/// A pipeline file as a tree that tests can change one value of and write out as block YAML.
indirect enum PipelineTree {
    case scalar(String)
    case mapping([(String, PipelineTree)])
    case list([PipelineTree])

    /// One step of a path: a mapping key or a list index.
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// The path of every node below the root, parents before children.
    var paths: [[Step]] {
        var found: [[Step]] = []
        switch self {
        case .scalar: break
        case .mapping(let entries):
            for (key, value) in entries {
                found.append([.key(key)])
                found += value.paths.map { [.key(key)] + $0 }
            }
        case .list(let items):
            for (index, item) in items.enumerated() {
                found.append([.index(index)])
                found += item.paths.map { [.index(index)] + $0 }
            }
        }
        return found
    }

    /// The tree with the node at `path` replaced (or, for a missing last key of a mapping, added).
    func setting(_ path: ArraySlice<Step>, to value: PipelineTree) -> PipelineTree {
        guard let step = path.first else { return value }
        switch (self, step) {
        case (.mapping(var entries), .key(let key)):
            if let index = entries.firstIndex(where: { $0.0 == key }) {
                entries[index].1 = entries[index].1.setting(path.dropFirst(), to: value)
            } else {
                entries.append((key, PipelineTree.mapping([]).setting(path.dropFirst(), to: value)))
            }
            return .mapping(entries)
        case (.list(var items), .index(let index)) where items.indices.contains(index):
            items[index] = items[index].setting(path.dropFirst(), to: value)
            return .list(items)
        default:
            return self
        }
    }

    func setting(_ path: [Step], to value: PipelineTree) -> PipelineTree {
        setting(path[...], to: value)
    }

    /// Block YAML, two spaces per level.
    var yaml: String {
        lines(indent: "").joined(separator: "\n") + "\n"
    }

    private func lines(indent: String) -> [String] {
        switch self {
        case .scalar(let text):
            return [indent + text]
        case .mapping(let entries):
            return entries.flatMap { key, value -> [String] in
                if case .scalar(let text) = value { return ["\(indent)\(key): \(text)"] }
                return ["\(indent)\(key):"] + value.lines(indent: indent + "  ")
            }
        case .list(let items):
            return items.flatMap { item -> [String] in
                var itemLines = item.lines(indent: indent + "  ")
                guard !itemLines.isEmpty else { return ["\(indent)- {}"] }
                itemLines[0] = indent + "- " + itemLines[0].dropFirst(indent.count + 2)
                return itemLines
            }
        }
    }
}
