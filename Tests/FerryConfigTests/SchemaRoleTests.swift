import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// The `role:` of schema files: the user directory is recognised by its role, not by its path.
@Suite struct SchemaRoleTests {
    let files = SchemaCollectionTests()

    @Test func theShippedUsersSchemaIsTheOnlyUserDirectory() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        let directories = catalog.names.filter { catalog.schema(named: $0)?.isUserDirectory == true }
        #expect(directories == ["users"])
    }

    @Test func theRoleIsReadAndNotThePath() throws {
        let staff = try files.read(
            "staff",
            """
            dataset: staff
            version: 1
            role: user_directory
            collection: {path: /groups/all-staff/members, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        #expect(staff.role == .userDirectory)
        #expect(staff.isUserDirectory)
        let plain = try files.read(
            "plain",
            """
            dataset: plain
            version: 1
            collection: {path: /users, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        #expect(plain.role == nil)
        #expect(!plain.isUserDirectory)
    }

    /// The groups schema is the group directory: plans and permission lists count its listing once.
    @Test func theShippedGroupsSchemaIsTheGroupDirectory() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        #expect(catalog.names.filter { catalog.schema(named: $0)?.isGroupDirectory == true } == ["groups"])
    }

    /// A run lists one user directory for its fan-out; a pipeline that selects two is refused.
    @Test func aPipelineSelectsOneUserDirectory() throws {
        let fixture = try Fixture()
        try fixture.write(
            "schemas/users.yaml", try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8))
        try fixture.write(
            "schemas/staff.yaml",
            """
            dataset: staff
            version: 1
            role: user_directory
            collection: {path: /groups/all-staff/members, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        let file = try fixture.write(
            "pipelines/two.yaml",
            "name: two\nsource: {tenant: t, client_id: c, client_secret: s}\ndatasets:\n  - dataset: users\n  - dataset: staff\n")
        let diagnostics = PipelineLoader(environment: [:]).validate(file)
        #expect(
            diagnostics.map { "\($0.line):\($0.column): \($0.message)" } == [
                "5:14: datasets 'users' (line 4) and 'staff' are both the user directory (role: user_directory); select one of them"
            ])
        let one = try fixture.write(
            "pipelines/one.yaml", "name: one\nsource: {tenant: t, client_id: c, client_secret: s}\ndatasets:\n  - dataset: staff\n")
        #expect(try PipelineLoader(environment: [:]).load(one).datasets.map(\.schema.name) == ["staff"])
    }

    @Test func aRoleThatDoesNotFitIsRefused() throws {
        for role in DatasetSchema.Role.allCases {
            try files.expectProblems(
                "mail",
                """
                dataset: mail
                version: 1
                role: \(role.rawValue)
                collection: {path: "/users/{id}/messages", fanout: per_user, max_page_size: 999}
                columns:
                  - {name: puser, type: string, source: $user}
                """,
                ["3:7: 'role: \(role.rawValue)' needs a collection of the whole tenant (fanout: tenant, shape: collection)"])
        }
        try files.expectProblems(
            "people",
            """
            dataset: people
            version: 1
            role: user_directory_
            collection: {path: /users, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """,
            ["3:7: 'role' must be one of user_directory, group_directory, not 'user_directory_'; did you mean 'user_directory'?"])
    }
}
