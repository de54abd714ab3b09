import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// The `collection:` keys of schema files: fanout, shape, window and headers.
@Suite struct SchemaCollectionTests {
    /// The schema of one schema file `name.yaml`; throws its ``ConfigErrors``.
    func read(_ name: String, _ yaml: String) throws -> DatasetSchema {
        let fixture = try Fixture()
        try fixture.write("schemas/\(name).yaml", yaml)
        let catalog = try SchemaCatalog(directory: fixture.directory.appendingPathComponent("schemas"))
        return try #require(catalog.schema(named: name))
    }

    /// The problems of one schema file as `line:column: message`, none if it is valid.
    func problems(_ name: String, _ yaml: String) throws -> [String] {
        do {
            _ = try read(name, yaml)
            return []
        } catch let errors as ConfigErrors {
            return errors.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        }
    }

    /// Expects exactly `expected` as the problems of `name.yaml`.
    func expectProblems(
        _ name: String, _ yaml: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let found = try problems(name, yaml)
        #expect(found == expected, sourceLocation: sourceLocation)
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let schema = try read(
            "plain",
            """
            dataset: plain
            version: 1
            collection: {path: /users, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        #expect(schema.collection == GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 999))
        #expect(schema.collection.shape == .collection)
        #expect(schema.collection.window == .filter)
        #expect(schema.collection.headers.isEmpty)
    }

    @Test func newKeysAreRead() throws {
        let view = try read(
            "view",
            """
            dataset: view
            version: 1
            collection:
              path: /users/{id}/calendarView
              fanout: per_user
              max_page_size: 1000
              window: parameters
              headers:
                Prefer: outlook.timezone="UTC"
                ConsistencyLevel: eventual
            date_column: start
            columns:
              - {name: start, type: timestamp, source: start.dateTime}
            """)
        #expect(view.collection.window == .parameters)
        #expect(view.collection.headers == ["Prefer": "outlook.timezone=\"UTC\"", "ConsistencyLevel": "eventual"])

        let members = try read(
            "members",
            """
            dataset: members
            version: 1
            collection: {path: "/groups/{id}/members", fanout: per_group, max_page_size: 999}
            columns:
              - {name: pgroup, type: string, source: $group}
              - {name: odataType, type: string, source: "@odata.type"}
            """)
        #expect(members.collection.fanout == .perGroup)
        #expect(members.collection.fanout.owner == "group")
        #expect(members.columns.map(\.source) == [.user, .graph(JSONPath(segments: [.key("@odata.type")]))])
        #expect(members.selectedProperties.isEmpty)

        // A single object has no pages and no window.
        let settings = try read(
            "settings",
            """
            dataset: settings
            version: 1
            collection: {path: "/users/{id}/mailboxSettings", fanout: per_user, shape: object}
            columns:
              - {name: timeZone, type: string}
            """)
        #expect(
            settings.collection
                == GraphCollection(
                    path: "/users/{id}/mailboxSettings", fanout: .perUser, maxPageSize: 1, shape: .object,
                    window: .unwindowed))
    }

    @Test func badCollectionKeysGetPositionedErrors() throws {
        let yaml = """
            dataset: members
            version: 1
            collection:
              path: /groups/members
              fanout: per_group
              max_page_size: 999
              shape: objet
              windw: filter
              headers:
                Authorization: Bearer abc
                Bad Header: x
                prefer: a
                Prefer: b
                X-Two-Lines: "a\\nb"
            columns:
              - {name: pgroup, type: string, source: $group}
              - {name: puser, type: string, source: $user}
              - {name: kind, type: string, source: "@"}
            """
        try expectProblems(
            "members", yaml, [
                "4:9: 'collection.path' must contain {id} (the group) for fanout per_group, not '/groups/members'",
                "7:10: 'collection.shape' must be one of collection, object, not 'objet'; did you mean 'object'?",
                "8:3: unknown key 'windw' in 'collection'; did you mean 'window'?",
                "10:5: 'collection.headers.Authorization' is set by Ferry from its token; remove it "
                    + "(schema files hold no secrets)",
                "11:5: 'collection.headers' names must be HTTP header names (letters, digits and -), not 'Bad Header'",
                "13:5: duplicate header 'Prefer'; 'prefer' is the same header (names ignore case)",
                "14:18: 'collection.headers.X-Two-Lines' must be a single line",
                "17:41: 'columns[1].source' is $user, which only per_user collections have; this collection's "
                    + "fanout is per_group; use $group for the group it was read for",
                "18:40: 'columns[2].source' must be $user, $group, $tenant or a JSON path like "
                    + "from.emailAddress.address, not '@'",
            ])
    }

    @Test func singleObjectsTakeNoPagesAndNoWindow() throws {
        let yaml = """
            dataset: settings
            version: 1
            collection:
              path: /users/{id}/mailboxSettings
              fanout: per_user
              shape: object
              max_page_size: 10
              window: filter
            columns:
              - {name: puser, type: string, source: $group}
              - {name: tz, type: string, source: "@odata."}
            """
        try expectProblems(
            "settings", yaml, [
                "7:18: 'collection.max_page_size' applies only to paged collections; remove it for shape: object",
                "8:11: 'collection.window' is filter, but a single object (shape: object) has no date window; "
                    + "remove the key or set it to none",
                "10:41: 'columns[0].source' is $group, which only per_group collections have; this collection's "
                    + "fanout is per_user; use $user for the user it was read for",
                "11:38: 'columns[1].source' must be $user, $group, $tenant or a JSON path like "
                    + "from.emailAddress.address, not '@odata.'",
            ])
    }

    @Test func windowsNeedADateColumnAndCollectionsAPageSize() throws {
        try expectProblems(
                "view",
                """
                dataset: view
                version: 1
                collection:
                  path: /users/{id}/calendarView
                  fanout: per_user
                  window: parameter
                columns:
                  - {name: start, type: timestamp, source: start.dateTime}
                """,
                [
                    "4:3: missing required key 'collection.max_page_size'",
                    "6:11: 'collection.window' must be one of filter, parameters, none, not 'parameter'; "
                        + "did you mean 'parameters'?",
                ])
        try expectProblems(
                "view",
                """
                dataset: view
                version: 1
                collection: {path: "/users/{id}/calendarView", fanout: per_user, max_page_size: 10, window: parameters}
                columns:
                  - {name: start, type: timestamp, source: start.dateTime}
                """,
                [
                    "3:93: 'collection.window' is parameters, which needs a date_column to partition by; "
                        + "add date_column or set window to none"
                ])
        // `none` with a date column: partitioned by it, but every run reads everything.
        let unwindowed = try read(
            "view",
            """
            dataset: view
            version: 1
            collection: {path: "/users/{id}/calendarView", fanout: per_user, max_page_size: 10, window: none}
            date_column: start
            columns:
              - {name: start, type: timestamp, source: start.dateTime}
            """)
        #expect(unwindowed.collection.window == .unwindowed)
        #expect(unwindowed.dateColumn == "start")
    }

    @Test func aTenantPathHasNoIdAndABrokenFanoutAcceptsEitherOwner() throws {
        try expectProblems(
                "groups",
                """
                dataset: groups
                version: 1
                collection: {path: "/groups/{id}", fanout: tenant, max_page_size: 999}
                columns:
                  - {name: id, type: string}
                """,
                [
                    "3:20: 'collection.path' contains {id}, which only fanout per_user or per_group fills; "
                        + "set one of them"
                ])
        // The fanout is unknown, so neither $user nor $group is reported on top of it.
        try expectProblems(
                "members",
                """
                dataset: members
                version: 1
                collection: {path: "/groups/{id}/members", fanout: per_grop, max_page_size: 999}
                columns:
                  - {name: pgroup, type: string, source: $group}
                  - {name: puser, type: string, source: $user}
                """,
                [
                    "3:52: 'collection.fanout' must be one of tenant, per_user, per_group, not 'per_grop'; "
                        + "did you mean 'per_group'?"
                ])
        try expectProblems(
            "users",
            """
            dataset: users
            version: 1
            collection: {path: /users, fanout: tenant, max_page_size: 999, headers: eventual}
            columns:
              - {name: id, type: string}
            """,
            [
                "3:73: 'collection.headers' must be a mapping of header names to values, such as "
                    + "ConsistencyLevel: eventual, not a single value"
            ])
    }
}
