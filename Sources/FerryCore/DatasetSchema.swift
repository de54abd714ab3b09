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
    /// What the dataset is to a run beyond its own records (the schema file's `role:`); `nil` for most.
    public var role: Role?

    /// A part a dataset plays in every run that exports it.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        /// The tenant's user directory (`users`): the users in scope that per-user datasets fan out over,
        /// listed once, with guests told apart by `userType`.
        case userDirectory = "user_directory"
        /// The tenant's groups (`groups`): the same listing per-group datasets fan out over, so that a
        /// plan and the permissions it needs count it once.
        case groupDirectory = "group_directory"
    }

    /// The Graph application permissions reading this dataset needs, least privilege first
    /// (`Mail.Read`); empty when the schema file names none.
    public var permissions: [String]

    /// A narrower permission that reads the dataset without some of its properties, as `Mail.ReadBasic.All`
    /// reads mail without its body text (`basic_permission:` in the schema file).
    public struct BasicPermission: Sendable, Equatable {
        /// The permission (`Mail.ReadBasic.All`).
        public var permission: String
        /// The Graph properties it withholds (`body`, `bodyPreview`, `uniqueBody`).
        public var withholds: [String]

        public init(permission: String, withholds: [String]) {
            self.permission = permission
            self.withholds = withholds
        }
    }

    /// The narrower permission that suffices when no withheld property is read, if there is one.
    public var basicPermission: BasicPermission?

    /// The permissions reading the Graph properties `selected` needs: the basic permission alone when it
    /// withholds none of them, else `permissions`.
    public func permissions(selecting selected: [String]) -> [String] {
        guard let basic = basicPermission, !selected.contains(where: basic.withholds.contains) else { return permissions }
        return [basic.permission]
    }

    public init(
        name: String, version: Int, modelledOn: String? = nil, collection: GraphCollection,
        dateColumn: String? = nil, columns: [Column], role: Role? = nil, permissions: [String] = [],
        basicPermission: BasicPermission? = nil
    ) {
        self.name = name
        self.version = version
        self.modelledOn = modelledOn
        self.collection = collection
        self.dateColumn = dateColumn
        self.columns = columns
        self.role = role
        self.permissions = permissions
        self.basicPermission = basicPermission
    }

    /// Whether this is the tenant's user directory (`role: user_directory`).
    public var isUserDirectory: Bool { role == .userDirectory }

    /// Whether this is the tenant's group directory (`role: group_directory`).
    public var isGroupDirectory: Bool { role == .groupDirectory }

    /// The schema as a pipeline whose `window.column` is `column` reads it: that column becomes its
    /// date column (filtered on and partitioned by; filtering on one column and partitioning on another
    /// would let a re-run replace days it did not read) when it is one of the schema's timestamps and
    /// the collection takes a date filter. Never for a directory (`role:`): the user directory's listing is
    /// also the list of users every per-user dataset fans out to, and either directory is a snapshot of
    /// who exists, which a date filter would cut down to who was created or changed in the window.
    public func windowed(on column: String?) -> DatasetSchema {
        guard let column, role == nil, collection.window == .filter, self.column(named: column)?.type == .timestamp
        else { return self }
        var schema = self
        schema.dateColumn = column
        return schema
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
            // OData annotations such as `@odata.type` come with every object and cannot be selected.
            guard case .graph(let path) = column.source, let head = path.segments.first,
                case .key(let key) = head, !key.hasPrefix("@"), seen.insert(key).inserted
            else { continue }
            properties.append(key)
        }
        return properties
    }
}

/// Where a dataset's records live in Microsoft Graph, and how to ask for them.
public struct GraphCollection: Sendable, Equatable {
    /// Whether the collection is read once for the tenant, or once for every user or group.
    public enum Fanout: String, Sendable, Equatable, CaseIterable {
        /// One collection for the tenant (`/users`).
        case tenant
        /// One collection per user in scope (`/users/{id}/messages`).
        case perUser = "per_user"
        /// One collection per group (`/groups/{id}/members`).
        case perGroup = "per_group"

        /// What `{id}` in the path stands for: `user`, `group`, or `nil` for the tenant.
        public var owner: String? {
            switch self {
            case .tenant: nil
            case .perUser: "user"
            case .perGroup: "group"
            }
        }
    }

    /// What one request for the path answers.
    public enum Shape: String, Sendable, Equatable, CaseIterable {
        /// Pages of records in a `value` array, followed through `@odata.nextLink` (`/users/{id}/messages`).
        case collection
        /// One record, the entity itself, with no paging (`/users/{id}/manager`, `/users/{id}/mailboxSettings`).
        ///
        /// A 404 means the record does not exist (a user without a manager), not that the request failed.
        case object
    }

    /// How a run's date window reaches Graph.
    public enum WindowStyle: String, Sendable, Equatable, CaseIterable {
        /// `$filter=<date column> ge <start> and <date column> lt <end>` (messages, events).
        case filter
        /// `startDateTime=<start>&endDateTime=<end>` query parameters, which `calendarView` requires
        /// instead of a filter: it expands recurring series into the occurrences inside the window.
        case parameters
        /// Graph cannot narrow the collection by date: every run reads all of it.
        ///
        /// Written `none` in schema files; not named `none` here, where it would read as `Optional.none`.
        case unwindowed = "none"
    }

    /// The path below the version segment, with `{id}` standing for the user or group
    /// (`/users/{id}/messages`, `/groups/{id}/members`).
    public var path: String
    public var fanout: Fanout
    /// The largest `$top` Graph accepts for this collection; unused for single objects.
    public var maxPageSize: Int
    public var shape: Shape
    /// How the date window is applied; it applies only to datasets with a date column.
    public var window: WindowStyle
    /// Request headers the collection needs on every page, such as `ConsistencyLevel: eventual`
    /// or `Prefer: outlook.timezone="UTC"`.
    public var headers: [String: String]
    /// The collection's delta function (`/users/{id}/mailFolders/inbox/messages/delta`), for datasets a
    /// pipeline reads incrementally: the first round lists everything, later rounds only the changes.
    public var deltaPath: String?

    public init(
        path: String, fanout: Fanout, maxPageSize: Int, shape: Shape = .collection, window: WindowStyle = .filter,
        headers: [String: String] = [:], deltaPath: String? = nil
    ) {
        self.path = path
        self.fanout = fanout
        self.maxPageSize = maxPageSize
        self.shape = shape
        self.window = window
        self.headers = headers
        self.deltaPath = deltaPath
    }
}

/// One column of a dataset's output records.
public struct Column: Sendable, Equatable {
    /// Where a column's value comes from.
    public enum Source: Sendable, Equatable {
        /// A path inside the Graph object. An OData annotation (`@odata.type`) is a single key, dots included.
        case graph(JSONPath)
        /// The id `{id}` stood for in the collection path: the user a per-user record came from
        /// (Data Connect's `puser`), or the group a per-group record came from (`pgroup`).
        ///
        /// Schema files write it `$user` or `$group`, and the collection's fanout tells which one it is;
        /// one case for both keeps the switches over sources that predate groups exhaustive.
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
///
/// Each kind has its own mode in a pipeline (`transform.pseudonymize.modes`), with a default that keeps
/// no person readable except through the ids joins need (`PseudonymMode.defaultMode(for:)`).
public enum PersonalDataKind: String, Sendable, Equatable, CaseIterable {
    /// An e-mail address or user principal name. Hashed by default.
    case email
    /// A person's name. Hashed by default.
    case name
    /// Free text that may mention anyone (subject, body preview). Dropped by default.
    case text
    /// A Graph object id that links to a person (user id, `puser`, group id): what joins between
    /// datasets need. Kept by default.
    case identifier
    /// A phone number. Hashed by default.
    case phone
    /// Any other value that identifies a person, a message or a meeting outside Graph's object ids:
    /// employeeId, internetMessageId, iCalUId, web and join links, mail nicknames. Hashed by default:
    /// the keyed hash is stable, so the same message or meeting still matches across mailboxes.
    case externalId = "external_id"
}

/// The personal data a column holds.
public enum PersonalData: Sendable, Equatable {
    /// The whole value (or every element, for arrays) is personal data of this kind.
    case value(PersonalDataKind)
    /// Values at these paths inside a nested column are personal data (or, with no kind, known not to be);
    /// every other value inside is personal data of kind `other`, and a value of another shape than the
    /// paths describe is refused, so that nothing Graph adds or reshapes leaves in clear.
    case nested([NestedPersonalData], other: PersonalDataKind = .text)
}

/// A path inside a nested column (`[].emailAddress.address` in `toRecipients`) and what it holds.
public struct NestedPersonalData: Sendable, Equatable {
    public var path: JSONPath
    /// The kind of personal data at the path; nil for a value known to hold none (a response status, a
    /// time), which is kept as it is and must be a string, number, boolean or null.
    public var kind: PersonalDataKind?

    public init(path: JSONPath, kind: PersonalDataKind?) {
        self.path = path
        self.kind = kind
    }
}
