/// A dataset's schema: where its records come from in Graph and the columns each record becomes.
///
/// Schemas live as YAML files in `schemas/`, one per dataset; `FerryConfig` reads them.
public struct DatasetSchema: Sendable, Equatable {
    /// The dataset's name, as pipelines name it (`messages`).
    public var name: String
    /// The schema version, written into every manifest; bump it when columns change.
    public var version: Int
    /// The Microsoft Graph Data Connect dataset this one is modelled on (`Message_v1`).
    public var modelledOn: String?
    /// The Graph collection records are read from.
    public var collection: GraphCollection
    /// The column that date windows filter on and partitions are cut by; `nil` for snapshots.
    public var dateColumn: String?
    /// The columns of every output record, in output order.
    public var columns: [Column]

    public init(
        name: String, version: Int, modelledOn: String? = nil, collection: GraphCollection,
        dateColumn: String? = nil, columns: [Column]
    ) {
        self.name = name
        self.version = version
        self.modelledOn = modelledOn
        self.collection = collection
        self.dateColumn = dateColumn
        self.columns = columns
    }

    /// The column named `name`, if the schema has it.
    public func column(named name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// The top-level Graph properties the columns read, for `$select`.
    public var selectedProperties: [String] {
        var seen = Set<String>()
        var properties: [String] = []
        for column in columns {
            guard case .graph(let path) = column.source, let head = path.segments.first,
                case .key(let key) = head, seen.insert(key).inserted
            else { continue }
            properties.append(key)
        }
        return properties
    }
}

/// Where a dataset's records live in Microsoft Graph.
public struct GraphCollection: Sendable, Equatable {
    /// Whether the collection is read once for the tenant or once for every user in scope.
    public enum Fanout: String, Sendable, Equatable, CaseIterable {
        /// One collection for the tenant (`/users`).
        case tenant
        /// One collection per user in scope (`/users/{id}/messages`).
        case perUser = "per_user"
    }

    /// The path below the version segment, with `{id}` standing for the user (`/users/{id}/messages`).
    public var path: String
    public var fanout: Fanout
    /// The largest `$top` Graph accepts for this collection.
    public var maxPageSize: Int

    public init(path: String, fanout: Fanout, maxPageSize: Int) {
        self.path = path
        self.fanout = fanout
        self.maxPageSize = maxPageSize
    }
}

/// One column of a dataset's output records.
public struct Column: Sendable, Equatable {
    /// Where a column's value comes from.
    public enum Source: Sendable, Equatable {
        /// A path inside the Graph object.
        case graph(JSONPath)
        /// The id of the user a per-user record came from (Data Connect's `puser`).
        case user
        /// The tenant the record came from (Data Connect's `ptenant`).
        case tenant
    }

    public var name: String
    public var type: ColumnType
    public var source: Source
    /// The personal data this column holds, if any.
    public var personal: PersonalData?

    public init(name: String, type: ColumnType, source: Source, personal: PersonalData? = nil) {
        self.name = name
        self.type = type
        self.source = source
        self.personal = personal
    }
}

/// A column's type in the output.
public indirect enum ColumnType: Sendable, Equatable, CustomStringConvertible {
    case string, int, double, bool
    /// An instant, written as ISO 8601 in UTC (`2026-11-21T09:30:00Z`).
    case timestamp
    /// A calendar date (`2026-11-21`).
    case date
    /// A nested value kept whole.
    case json
    case array(ColumnType)

    /// Parses `string`, `timestamp`, `array<string>` and so on.
    public init?(parsing text: String) {
        switch text {
        case "string": self = .string
        case "int": self = .int
        case "double": self = .double
        case "bool": self = .bool
        case "timestamp": self = .timestamp
        case "date": self = .date
        case "json": self = .json
        default:
            guard text.hasPrefix("array<"), text.hasSuffix(">") else { return nil }
            guard let element = ColumnType(parsing: String(text.dropFirst(6).dropLast())) else { return nil }
            self = .array(element)
        }
    }

    public var description: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .double: "double"
        case .bool: "bool"
        case .timestamp: "timestamp"
        case .date: "date"
        case .json: "json"
        case .array(let element): "array<\(element)>"
        }
    }

    public static let allNames = ["string", "int", "double", "bool", "timestamp", "date", "json", "array<T>"]
}

/// The kinds of personal data a column, or a value nested inside it, can hold.
public enum PersonalDataKind: String, Sendable, Equatable, CaseIterable {
    /// An e-mail address or user principal name.
    case email
    /// A person's name.
    case name
    /// Free text that may mention anyone (subject, body preview).
    case text
    /// An identifier that links to a person (user id, phone number).
    case identifier
}

/// The personal data a column holds.
public enum PersonalData: Sendable, Equatable {
    /// The whole value (or every element, for arrays) is personal data of this kind.
    case value(PersonalDataKind)
    /// Values at these paths inside a nested column are personal data.
    case nested([NestedPersonalData])
}

/// Personal data at a path inside a nested column (`[].emailAddress.address` in `toRecipients`).
public struct NestedPersonalData: Sendable, Equatable {
    public var path: JSONPath
    public var kind: PersonalDataKind

    public init(path: JSONPath, kind: PersonalDataKind) {
        self.path = path
        self.kind = kind
    }
}
