import FerryCore

/// Reads a schema file's `collection:` into a ``GraphCollection``.
enum SchemaCollection {
    static let keys = ["path", "fanout", "max_page_size", "shape", "window", "headers", "delta_path"]

    /// The collection as read, with the `window:` node when the file sets one, so that the schema
    /// can check it against `date_column`, which is read later.
    struct Reading {
        var collection: GraphCollection
        var windowNode: YAMLNode?
    }

    /// The collection, or `nil` with its problems reported to `reader`.
    static func read(_ node: YAMLNode, reader: inout ConfigReader) -> Reading? {
        guard let mapping = reader.mapping(node, at: "collection", keys: keys, required: ["path", "fanout"])
        else { return nil }
        let before = reader.diagnostics.count
        let fanout = mapping["fanout"].flatMap {
            reader.choice($0, at: "collection.fanout", of: GraphCollection.Fanout.self)
        }
        let shape =
            mapping["shape"].map { reader.choice($0, at: "collection.shape", of: GraphCollection.Shape.self) }
            ?? .collection
        let path = mapping["path"].flatMap { readPath($0, fanout: fanout, reader: &reader) }
        let deltaPath = mapping["delta_path"].flatMap { readPath($0, fanout: fanout, key: "collection.delta_path", reader: &reader) }
        if let node = mapping["delta_path"], shape == .object {
            reader.error("'collection.delta_path' applies only to paged collections; remove it for shape: object", at: node.position)
        }
        let maxPageSize = readMaxPageSize(mapping, shape: shape, reader: &reader)
        var window: GraphCollection.WindowStyle? = shape == .object ? .unwindowed : .filter
        if let node = mapping["window"] {
            window = reader.choice(node, at: "collection.window", of: GraphCollection.WindowStyle.self)
            if shape == .object, let style = window, style != .unwindowed {
                reader.error(
                    "'collection.window' is \(style.rawValue), but a single object (shape: object) has no date "
                        + "window; remove the key or set it to none",
                    at: node.position)
            }
        }
        let headers = mapping["headers"].map { readHeaders($0, reader: &reader) } ?? [:]
        guard reader.diagnostics.count == before, let path, let fanout, let shape, let maxPageSize, let window
        else { return nil }
        return Reading(
            collection: GraphCollection(
                path: path, fanout: fanout, maxPageSize: maxPageSize, shape: shape, window: window, headers: headers,
                deltaPath: deltaPath),
            windowNode: mapping["window"])
    }

    /// The fanout written in a `collection:` node, even when other keys there have problems, so that
    /// `$user` and `$group` columns are still checked against it; `nil` when it is missing or misspelled.
    static func fanout(of node: YAMLNode) -> GraphCollection.Fanout? {
        guard case .mapping(let entries) = node.content,
            case .scalar(let scalar)? = entries.first(where: { $0.key == "fanout" })?.value.content
        else { return nil }
        return GraphCollection.Fanout(rawValue: scalar.text)
    }

    /// Reports a `window:` that needs a date column the schema does not have.
    static func checkWindow(_ reading: Reading, hasDateColumn: Bool, reader: inout ConfigReader) {
        guard !hasDateColumn, let node = reading.windowNode else { return }
        let style = reading.collection.window
        guard style != .unwindowed else { return }
        reader.error(
            "'collection.window' is \(style.rawValue), which needs a date_column to "
                + (style == .filter ? "filter on" : "partition by") + "; add date_column or set window to none",
            at: node.position)
    }

    private static func readPath(
        _ node: YAMLNode, fanout: GraphCollection.Fanout?, key: String = "collection.path", reader: inout ConfigReader
    ) -> String? {
        guard let text = reader.string(node, at: key) else { return nil }
        if !text.hasPrefix("/") || text.contains("?") || text.contains(" ") {
            reader.error(
                "'\(key)' must be a Graph path below the version such as /users/{id}/messages, "
                    + "without query, not '\(text)'",
                at: node.position)
            return nil
        }
        if let fanout, let owner = fanout.owner, !text.contains("{id}") {
            reader.error(
                "'\(key)' must contain {id} (the \(owner)) for fanout \(fanout.rawValue), not '\(text)'",
                at: node.position)
            return nil
        }
        if fanout == .tenant, text.contains("{id}") {
            reader.error(
                "'\(key)' contains {id}, which only fanout per_user or per_group fills; set one of them",
                at: node.position)
            return nil
        }
        return text
    }

    private static func readMaxPageSize(
        _ mapping: ConfigMapping, shape: GraphCollection.Shape?, reader: inout ConfigReader
    ) -> Int? {
        guard let node = mapping["max_page_size"] else {
            if shape == .collection {
                reader.error("missing required key 'collection.max_page_size'", at: mapping.position)
            }
            // A single object is not paged: no `$top` is ever sent for it.
            return 1
        }
        if shape == .object {
            reader.error(
                "'collection.max_page_size' applies only to paged collections; remove it for shape: object",
                at: node.position)
            return nil
        }
        return reader.integer(node, at: "collection.max_page_size", in: 1...1000, expected: "an integer from 1 to 1000")
    }

    /// Header names HTTP allows (RFC 9110 token characters).
    private static let tokenCharacters = Set(
        "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func readHeaders(_ node: YAMLNode, reader: inout ConfigReader) -> [String: String] {
        guard case .mapping(let entries) = node.content else {
            reader.error(
                "'collection.headers' must be a mapping of header names to values, such as "
                    + "ConsistencyLevel: eventual, not \(node.kindDescription)",
                at: node.position)
            return [:]
        }
        var headers: [String: String] = [:]
        var seen: [String: String] = [:]
        for entry in entries {
            let name = entry.key
            let at = "collection.headers.\(name)"
            if name.isEmpty || !name.allSatisfy(tokenCharacters.contains) {
                reader.error(
                    "'collection.headers' names must be HTTP header names (letters, digits and -), not '\(name)'",
                    at: entry.keyPosition)
                continue
            }
            if name.lowercased() == "authorization" {
                reader.error(
                    "'\(at)' is set by Ferry from its token; remove it (schema files hold no secrets)",
                    at: entry.keyPosition)
                continue
            }
            if let first = seen[name.lowercased()] {
                reader.error(
                    "duplicate header '\(name)'; '\(first)' is the same header (names ignore case)",
                    at: entry.keyPosition)
                continue
            }
            seen[name.lowercased()] = name
            guard let value = reader.string(entry.value, at: at) else { continue }
            if value.contains("\r") || value.contains("\n") {
                reader.error("'\(at)' must be a single line", at: entry.value.position)
                continue
            }
            headers[name] = value
        }
        return headers
    }
}
